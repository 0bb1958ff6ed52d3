// The node's user interface: who the node is (GET /api/node), signing in (POST /api/session), and the pages of
// the modules it runs (GET /api/modules), each shown in a frame below the navigation. Text only: nothing from the
// server is parsed as HTML.
const $ = id => document.getElementById(id);

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json', 'X-Requested-With': 'fetch' } });
  if (!response.ok) {
    const error = new Error(url + ' answered ' + response.status);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

async function showNode() {
  const node = await getJson('/api/node');
  $('node-name').textContent = '“' + node.name + '”';
  $('node-id').textContent = node.id;
  $('node-key').textContent = node.publicKey;
  $('node-version').textContent = node.version;
  $('node-modules').textContent =
    node.modules.length ? node.modules.map(m => m.id + ' ' + m.version).join(', ') : 'none yet';
}

function showHome() {
  $('page').hidden = true;
  $('page').removeAttribute('src');
  $('home').hidden = false;
}

function showPage(url) {
  $('home').hidden = true;
  $('page').src = url;
  $('page').hidden = false;
}

async function showModules() {
  const nav = $('modules');
  nav.replaceChildren();
  const home = document.createElement('a');
  home.href = '#';
  home.textContent = 'Node';
  home.addEventListener('click', event => { event.preventDefault(); showHome(); });
  nav.append(home);
  for (const module of await getJson('/api/modules')) {
    for (const page of module.pages) {
      const link = document.createElement('a');
      link.href = '#' + module.id + '/' + page.name;
      link.textContent = page.title;
      link.addEventListener('click', event => { event.preventDefault(); showPage(page.url); });
      nav.append(link);
    }
  }
}

async function showSession() {
  try {
    const session = await getJson('/api/session');
    $('username').textContent = session.username;
    $('who').hidden = false;
    $('sign-in').hidden = true;
    await showModules();
  } catch (e) {
    if (e.status !== 401) throw e;
    $('who').hidden = true;
    $('sign-in').hidden = false;
    $('modules').replaceChildren();
    showHome();
  }
}

$('sign-in').addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'fetch' },
    body: JSON.stringify({ username: form.get('username'), password: form.get('password') })
  });
  if (!response.ok) {
    showError('Signing in failed: ' + ((await response.json().catch(() => ({}))).message || response.status));
    return;
  }
  showError('');
  event.target.reset();
  await showSession();
});

$('sign-out').addEventListener('click', async () => {
  const session = await getJson('/api/session').catch(() => null);
  await fetch('/api/session', { method: 'DELETE', headers: Object.assign({ 'X-Requested-With': 'fetch' }, session ? { 'X-CSRF-Token': session.csrfToken } : {}) });
  await showSession();
});

Promise.all([showNode(), showSession()]).catch(e => showError('Could not read this node: ' + e.message));
