/*
 * The DUMP section of the web console. Plain script, no library: it reads the sections' JSON and fills the page,
 * and posts actions with the console token. Every value from the node goes in as text (textContent, attributes set
 * one by one): nothing from the node is ever parsed as HTML.
 */
(function () {
  'use strict';

  var consoleRoot = document.getElementById('dump-console');
  if (!consoleRoot) { return; }
  // Absolute, from the origin: a page opened as http://user:password@host/... has those credentials in its own
  // address, and fetch refuses any URL resolved against it.
  var root = window.location.origin + consoleRoot.getAttribute('data-root');
  var token = consoleRoot.getAttribute('data-token');
  var present = (consoleRoot.getAttribute('data-sections') || '').split(' ');
  var SVG = 'http://www.w3.org/2000/svg';
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

  // ------------------------------------------------------------------------------------------------ helpers

  function el(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === 'text') { node.textContent = props[key]; }
      else if (key === 'className') { node.className = props[key]; }
      else if (key === 'onclick') { node.addEventListener('click', props[key]); }
      else { node.setAttribute(key, props[key]); }
    });
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i] !== null && arguments[i] !== undefined) {
        node.appendChild(typeof arguments[i] === 'object' ? arguments[i] : document.createTextNode(String(arguments[i])));
      }
    }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function td(value, className) {
    return el('td', className ? { className: className, text: value === null || value === undefined ? '' : String(value) }
      : { text: value === null || value === undefined ? '' : String(value) });
  }

  function when(iso) {
    if (!iso) { return 'never'; }
    var date = new Date(iso);
    var seconds = Math.round((Date.now() - date.getTime()) / 1000);
    var ago = seconds < 60 ? seconds + ' s ago' : seconds < 3600 ? Math.round(seconds / 60) + ' min ago'
      : Math.round(seconds / 3600) + ' h ago';
    return date.toLocaleString() + ' (' + ago + ')';
  }

  function fill(tbody, rows, emptyText, columns) {
    tbody.textContent = '';
    if (rows.length === 0) {
      tbody.appendChild(el('tr', {}, el('td', { colspan: String(columns), className: 'empty', text: emptyText })));
      return;
    }
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  function say(text, isError) {
    var message = document.getElementById('dump-message');
    message.textContent = text;
    message.className = 'dump-message' + (isError ? ' error' : '');
    message.hidden = !text;
  }

  function get(section, query) {
    return fetch(root + '/' + section + '.json' + (query || ''), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(answer);
  }

  function post(section, action, params) {
    return fetch(root + '/' + section + '/' + action, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-DUMP-Console-Token': token, Accept: 'application/json' },
      body: new URLSearchParams(params || {})
    }).then(answer);
  }

  function answer(response) {
    return response.json().catch(function () { return { message: 'HTTP ' + response.status }; }).then(function (body) {
      if (!response.ok) { throw new Error(body.message || ('HTTP ' + response.status)); }
      return body;
    });
  }

  function failed(error) { say(error.message, true); }

  // ------------------------------------------------------------------------------------------------ node

  function kv(table, rows) {
    table.textContent = '';
    rows.forEach(function (row) {
      var value = el('td', { className: row[2] || '', text: row[1] === null || row[1] === undefined ? '' : String(row[1]) });
      table.appendChild(el('tr', {}, el('th', { scope: 'row', text: row[0] }), value));
    });
  }

  function loadNode() {
    return get('node').then(function (node) {
      var s = node.status, h = node.health;
      kv(document.getElementById('dump-node-identity'), [
        ['Name', s.name], ['Node id', s.id, 'mono'], ['Public key', node.publicKey, 'mono'], ['Version', s.version],
        ['Public URL', s.publicBaseUrl], ['HTTP / SSH port', s.httpPort + ' / ' + s.sshPort],
        ['Data directory', s.dataDirectory, 'mono'], ['Datasource', s.datasource],
        ['Accounts', s.accounts + ' (' + s.administrators + ' administrator' + (s.administrators === 1 ? '' : 's') + ')'],
        ['Modules running', node.modules.length ? node.modules.join(', ') : 'none']
      ]);
      var minutes = Math.floor(h.uptimeSeconds / 60);
      var up = minutes < 1 ? h.uptimeSeconds + ' s' : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
      kv(document.getElementById('dump-node-health'), [
        ['Health', h.state === 'ok' ? 'OK: every bundle is running' : 'Attention: ' + h.notRunning.join(', '),
          h.state === 'ok' ? 'ok' : 'bad'],
        ['Up for', up],
        ['Bundles', h.bundlesActive + ' active of ' + h.bundles],
        ['Heap', h.heapUsedMiB + ' MiB used of ' + h.heapMaxMiB + ' MiB'],
        ['Processors / load', h.processors + ' / ' + (h.loadAverage < 0 ? 'n/a' : h.loadAverage.toFixed(2))]
      ]);
    });
  }

  // ------------------------------------------------------------------------------------------------ relay

  function loadRelay() {
    return get('relay').then(function (view) {
      var r = view.reachability, relay = view.relay;
      var how = r.mode === 'relayed' ? 'relayed through ' + r.relays.join(', ') : r.mode;
      kv(document.getElementById('dump-relay-reach'), [
        ['Reachability', how, r.mode === 'direct' || r.mode === 'relayed' ? 'ok' : 'bad'],
        ['Address', r.address, 'mono'], ['Last checked', when(r.checked)], ['Note', r.note]
      ]);
      document.getElementById('dump-relay-offer').textContent = relay.offered
        ? 'Relays for at most ' + relay.maxClients + ' node(s), ' + Math.round(relay.bytesPerSecondPerClient / 1024)
          + ' KiB/s each; ' + relay.clients.length + ' now, ' + relay.requests + ' request(s) and ' + relay.bytes
          + ' bytes relayed for them.'
        : 'This node does not relay (relayClients = 0).';
      var rows = relay.clients.map(function (c) {
        return el('tr', { 'data-node': c.nodeId }, td(c.nodeId, 'mono'), td(when(c.since)), td(when(c.lastPoll)),
          td(c.requests, 'num'), td(c.bytesIn, 'num'), td(c.bytesOut, 'num'));
      });
      fill(document.querySelector('#dump-relay-clients tbody'), rows, 'No node is attached.', 6);
    });
  }

  // ------------------------------------------------------------------------------------------------ peers

  function queue(q) {
    return q.records + ' records (' + q.kib + ' KiB), ' + q.announcements + ' to announce';
  }

  function backoff(peer) {
    return 'did not answer ' + peer.failures + ' time(s) in a row' + (peer.backoffSeconds > 0
      ? '; next try in ' + peer.backoffSeconds + ' s' : '; tried again now');
  }

  function loadPeers() {
    return get('peers').then(function (view) {
      var rows = view.peers.map(function (peer) {
        var name = el('td', {}, el('strong', { text: peer.name || '(no name)' }), el('br'),
          el('span', { className: 'mono', text: peer.url }));
        var status = peer.mutuality === 'ONE_SIDED' ? td('does not take this node as its peer: ' + peer.mutualityNote, 'bad')
          : peer.mutuality === 'PENDING' ? td('waits for its administrator to take this node as a peer', 'bad')
          : peer.reachable ? td('reachable', 'ok') : td(peer.lastError ? 'unreachable: ' + peer.lastError : 'not contacted yet', 'bad');
        // Only peers the node took by itself are ever dropped by it when they stop answering (issue 24).
        var origin = peer.origin === 'EXCHANGE' ? td('by peer exchange') : peer.origin === 'ASKED' ? td('asked to be')
          : td('added by an administrator (kept)');
        return el('tr', { 'data-node': peer.nodeId }, name, status, td(when(peer.lastContact)), td(when(peer.lastSync)),
          td(peer.modules.join(', ')), td(peer.recordsIn, 'num'), td(peer.recordsOut, 'num'), td(peer.refusals, 'num'), origin,
          td(queue(peer.queue)), peer.failures > 0 ? td(backoff(peer), 'bad') : td('none'));
      });
      fill(document.querySelector('#dump-peers-table tbody'), rows, 'No peers yet: add one with dump:peer-add URL.', 11);
      chart(view.traffic);
    });
  }

  /** Records in (solid) and out (dashed) per peer per sample, as an SVG line chart. */
  function chart(traffic) {
    var plot = document.getElementById('dump-traffic-plot');
    var caption = document.getElementById('dump-traffic-caption');
    var width = 760, height = 220, left = 48, right = 12, top = 12, bottom = 28;
    var n = traffic.times.length;
    var max = 1, total = 0;
    traffic.series.forEach(function (s) {
      s['in'].concat(s.out).forEach(function (v) { max = Math.max(max, v); total += v; });
    });
    var picture = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: String(width), height: String(height),
      role: 'img', 'aria-label': 'Records in and out per peer over time', 'data-total': String(total) });
    var x = function (i) { return left + (n <= 1 ? 0 : i * (width - left - right) / (n - 1)); };
    var y = function (v) { return top + (height - top - bottom) * (1 - v / max); };
    [0, 0.5, 1].forEach(function (f) {
      var value = Math.round(max * f);
      picture.appendChild(svg('line', { x1: left, x2: width - right, y1: y(value), y2: y(value), stroke: '#eee' }));
      var label = svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' });
      label.textContent = String(value);
      picture.appendChild(label);
    });
    picture.appendChild(svg('line', { x1: left, x2: left, y1: top, y2: height - bottom, stroke: '#999' }));
    picture.appendChild(svg('line', { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom, stroke: '#999' }));
    if (n > 0) {
      var first = svg('text', { x: left, y: height - 8 });
      first.textContent = new Date(traffic.times[0]).toLocaleTimeString();
      var last = svg('text', { x: width - right, y: height - 8, 'text-anchor': 'end' });
      last.textContent = new Date(traffic.times[n - 1]).toLocaleTimeString();
      picture.appendChild(first);
      picture.appendChild(last);
    }
    var legend = el('div', { className: 'dump-legend' });
    traffic.series.forEach(function (s, index) {
      var color = COLORS[index % COLORS.length];
      [['in', ''], ['out', '5 4']].forEach(function (kind) {
        var points = s[kind[0]].map(function (v, i) { return x(i).toFixed(1) + ',' + y(v).toFixed(1); }).join(' ');
        var line = svg('polyline', { points: points, fill: 'none', stroke: color, 'stroke-width': '2',
          'data-node': s.nodeId, 'data-kind': kind[0] });
        if (kind[1]) { line.setAttribute('stroke-dasharray', kind[1]); }
        picture.appendChild(line);
      });
      var sum = function (values) { return values.reduce(function (a, b) { return a + b; }, 0); };
      legend.appendChild(el('span', {}, el('span', { className: 'swatch', style: 'border-top-color:' + color }),
        (s.name || s.nodeId) + ' in (' + sum(s['in']) + ')'));
      legend.appendChild(el('span', {}, el('span', { className: 'swatch out', style: 'border-top-color:' + color }),
        (s.name || s.nodeId) + ' out (' + sum(s.out) + ')'));
    });
    plot.textContent = '';
    plot.appendChild(picture);
    plot.appendChild(legend);
    caption.textContent = n === 0 ? 'No sample yet.' : 'Records received (solid) and sent (dashed) per peer, every '
      + traffic.intervalSeconds + ' s over the last ' + (n * traffic.intervalSeconds < 120 ? n * traffic.intervalSeconds + ' s; '
      : Math.round(n * traffic.intervalSeconds / 60) + ' min; ')
      + total + ' record(s) in this window.';
  }

  // ------------------------------------------------------------------------------------------------ modules

  var polling = null;

  function button(text, className, action) {
    return el('button', { type: 'button', className: className, onclick: action, text: text });
  }

  function loadModules() {
    return get('modules').then(function (view) {
      var updates = {};
      view.updates.forEach(function (u) { updates[u.symbolicName + ' ' + u.installed] = u; });
      var installedNames = {};
      var installed = view.installed.map(function (m) {
        installedNames[m.symbolicName + ' ' + m.version] = true;
        var update = updates[m.symbolicName + ' ' + m.version];
        return el('tr', { 'data-module': m.module }, td(m.module), td(m.symbolicName, 'mono'), td(m.version), td(m.dataVersion),
          td(m.state, m.state === 'ACTIVE' ? 'ok' : 'bad'), td(m.publisher || '(not from a repository)'),
          el('td', {}, update ? button('Update to ' + update.available, 'update', function () { start('update', m.module); })
            : document.createTextNode(m.publisher ? 'up to date' : '')),
          el('td', {}, button('Uninstall', 'uninstall', function () {
            if (window.confirm('Uninstall ' + m.module + ' ' + m.version + '? Its pages go away; its records stay.')) {
              start('uninstall', m.module);
            }
          })));
      });
      fill(document.querySelector('#dump-installed tbody'), installed, 'No module is installed.', 8);
      var available = view.available.map(function (v) {
        var here = installedNames[v.symbolicName + ' ' + v.version];
        return el('tr', { 'data-module': v.module, 'data-version': v.version }, td(v.module), td(v.version), td(v.dataVersion),
          td(v.publisher), td(v.size < 0 ? '?' : Math.round(v.size / 1024) + ' KiB', 'num'),
          td(v.sources.length ? v.sources.join(', ') : '(no holder known yet)', 'mono'),
          el('td', {}, here ? document.createTextNode('installed')
            : button('Install', 'install', function () { start('install', v.module, '[' + v.version + ',' + v.version + ']'); })));
      });
      fill(document.querySelector('#dump-available tbody'), available,
        'No trusted publisher offers a module yet: read the peers\' repositories, or import one with dump:repository-import.', 7);
      document.getElementById('dump-peers-read').textContent = view.peersRead
        ? 'Peers\' repositories read ' + when(view.peersRead) + '.'
        : 'Peers\' repositories never read since the node started.';
      var running = view.jobs.filter(function (j) { return j.state === 'queued' || j.state === 'running'; });
      if (running.length && !polling) { follow(running[0].id); }
    });
  }

  function start(action, module, range) {
    var params = module ? { module: module } : {};
    if (range) { params.range = range; }
    setBusy(true);
    post('modules', action, params).then(function (job) { show(job); follow(job.id); })
      .catch(function (error) { setBusy(false); failed(error); });
  }

  function setBusy(busy) {
    document.querySelectorAll('#dump-modules button').forEach(function (b) { b.disabled = busy; });
  }

  function follow(id) {
    setBusy(true);
    polling = window.setInterval(function () {
      get('modules', '?job=' + encodeURIComponent(id)).then(function (job) {
        show(job);
        if (job.state !== 'queued' && job.state !== 'running') {
          window.clearInterval(polling);
          polling = null;
          setBusy(false);
          loadModules().catch(failed);
          loadNode().catch(failed);
        }
      }).catch(function (error) { window.clearInterval(polling); polling = null; setBusy(false); failed(error); });
    }, 500);
  }

  function show(job) {
    var box = document.getElementById('dump-job');
    box.hidden = false;
    box.setAttribute('data-state', job.state);
    box.setAttribute('data-job', String(job.id));
    var verb = { install: 'Installing', update: 'Updating', uninstall: 'Uninstalling', 'read-peers': 'Reading peers\' repositories' }[job.action] || job.action;
    document.getElementById('dump-job-title').textContent = verb + (job.module ? ' ' + job.module : '') + ': ' + job.state;
    var progress = document.getElementById('dump-job-progress');
    if (job.state === 'queued' || job.state === 'running') {
      progress.hidden = false;
      if (job.download >= 0) { progress.value = job.download; } else { progress.removeAttribute('value'); }
    } else {
      progress.hidden = true;
    }
    var steps = document.getElementById('dump-job-steps');
    steps.textContent = '';
    job.steps.forEach(function (step) { steps.appendChild(el('li', { text: step })); });
    document.getElementById('dump-job-result').textContent = job.summary || '';
  }

  // ------------------------------------------------------------------------------------------------ publishers

  function loadPublishers() {
    return get('publishers').then(function (view) { publishers(view.publishers); });
  }

  function publishers(list) {
    var rows = list.map(function (p) {
      return el('tr', { 'data-publisher': p.name }, td(p.name), td(p.fingerprint, 'mono'), td(p.publicKey, 'mono'),
        el('td', {}, button('Stop trusting', 'remove', function () {
          if (!window.confirm('Stop trusting ' + p.name + '? Its modules stay installed but get no more updates.')) { return; }
          post('publishers', 'remove', { publisher: p.name }).then(function (done) { say(done.message); publishers(done.publishers); })
            .catch(failed);
        })));
    });
    fill(document.querySelector('#dump-publishers-table tbody'), rows, 'No publisher is trusted: nothing can be installed.', 4);
  }

  // ------------------------------------------------------------------------------------------------ users

  function loadUsers() {
    return get('users').then(function (view) {
      document.getElementById('dump-users-total').textContent = view.total + ' account(s)'
        + (view.total > view.users.length ? ', the first ' + view.users.length + ' shown' : '') + '.';
      var rows = view.users.map(function (u) {
        return el('tr', { 'data-user': u.username }, td(u.username), td(u.roles.join(', ')), td(u.displayName),
          td(u.email), td(when(u.created)));
      });
      fill(document.querySelector('#dump-users-table tbody'), rows, 'No accounts.', 5);
    });
  }

  // ------------------------------------------------------------------------------------------------ start

  var loaders = { node: loadNode, relay: loadRelay, peers: loadPeers, modules: loadModules, publishers: loadPublishers, users: loadUsers };
  document.querySelectorAll('#dump-console .dump-section').forEach(function (section) {
    var name = section.getAttribute('data-section');
    if (present.indexOf(name) < 0) {
      section.hidden = true;
    } else {
      loaders[name]().catch(failed);
    }
  });
  if (present.indexOf('peers') >= 0) {
    document.getElementById('dump-peers-refresh').addEventListener('click', function (event) {
      event.target.disabled = true;
      post('peers', 'refresh').then(function () { return loadPeers(); }).catch(failed)
        .then(function () { event.target.disabled = false; });
    });
    window.setInterval(function () { loadPeers().catch(failed); }, 5000);
  }
  if (present.indexOf('relay') >= 0) {
    window.setInterval(function () { loadRelay().catch(failed); }, 5000);
  }
  if (present.indexOf('modules') >= 0) {
    document.getElementById('dump-read-peers').addEventListener('click', function () { start('read-peers'); });
    document.getElementById('dump-install-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var form = event.target;
      start('install', form.elements.namedItem('module').value.trim(), form.elements.namedItem('range').value.trim());
    });
  }
  if (present.indexOf('publishers') >= 0) {
    document.getElementById('dump-trust-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var form = event.target;
      post('publishers', 'add', { name: form.elements.namedItem('name').value,
        publicKey: form.elements.namedItem('publicKey').value })
        .then(function (done) { say(done.message); form.reset(); publishers(done.publishers); })
        .catch(failed);
    });
  }
}());
