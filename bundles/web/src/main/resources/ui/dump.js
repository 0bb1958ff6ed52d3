// Shows who this node is, from its public front door GET /api/node. Text only: nothing is parsed as HTML.
async function showNode() {
  const error = document.getElementById('error');
  try {
    const response = await fetch('/api/node', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error('the node answered ' + response.status);
    const node = await response.json();
    document.getElementById('node-name').textContent = '“' + node.name + '”';
    document.getElementById('node-id').textContent = node.id;
    document.getElementById('node-key').textContent = node.publicKey;
    document.getElementById('node-version').textContent = node.version;
    document.getElementById('node-modules').textContent =
      node.modules.length ? node.modules.map(m => m.id + ' ' + m.version).join(', ') : 'none yet';
  } catch (e) {
    error.textContent = 'Could not read this node: ' + e.message;
    error.hidden = false;
  }
}
showNode();
