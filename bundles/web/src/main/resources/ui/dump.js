// The node's user interface: who the node is (GET /api/node), signing in and out (/api/session), and the views of
// a signed-in user — the profile (profile.js), profile requests (requests.js) and the pages of the modules the
// node runs (GET /api/modules), each shown in a frame (frame.js). The address's fragment names the view (#node,
// #profile, #requests, #<module>/<page>), so links, the back button and bookmarks work.
import { api, useCsrfToken } from './http.js';
import { el, say } from './dom.js';
import { showModulePage } from './frame.js';
import { showProfileView } from './profile.js';
import { showRequestsView } from './requests.js';

const $ = id => document.getElementById(id);
const VIEWS = { node: null, profile: showProfileView, requests: showRequestsView };
let session = null;
let pages = new Map();

function showError(message) {
  say($('error'), message, 'error');
}

async function showNode() {
  const node = await api('GET', '/api/node');
  $('node-name').textContent = '“' + node.name + '”';
  $('node-id').textContent = node.id;
  $('node-key').textContent = node.publicKey;
  $('node-version').textContent = node.version;
  $('node-modules').textContent =
    node.modules.length ? node.modules.map(m => m.id + ' ' + m.version).join(', ') : 'none yet';
}

function listModulePages(modules) {
  pages = new Map();
  const links = [];
  for (const module of modules) {
    for (const page of module.pages) {
      const key = module.id + '/' + page.name;
      pages.set(key, page.url);
      links.push(el('a', { href: '#' + key, text: page.title }));
    }
  }
  $('modules').replaceChildren(...links);
}

/** Shows the view the fragment names; a user who is not signed in sees the node's page with the sign-in form. */
async function route() {
  const name = session ? (decodeURIComponent(window.location.hash.slice(1)) || 'node') : 'node';
  const page = pages.get(name);
  const view = page ? 'page' : (name in VIEWS ? name : 'node');
  for (const section of ['node', 'profile', 'requests']) {
    $(section + '-view').hidden = section !== view;
  }
  showModulePage(page || null);
  for (const link of document.querySelectorAll('header nav a')) {
    if (link.getAttribute('href') === '#' + (page ? name : view)) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  showError('');
  document.documentElement.classList.remove('routing');
  if (VIEWS[view]) {
    await VIEWS[view]();
  }
}

/** Reads who is signed in (if anyone) and shows what that user may do. */
async function showSession() {
  // Who is signed in, and the module pages, asked at once: the modules are public. The node answers 204 when
  // nobody is signed in (401 only for credentials it refuses).
  const modules = api('GET', '/api/modules');
  modules.catch(() => {}); // read below only when someone is signed in; an error then surfaces there
  try {
    session = await api('GET', '/api/session');
  } catch (e) {
    if (e.status !== 401) throw e;
    session = null;
  }
  useCsrfToken(session && session.csrfToken);
  $('who').hidden = !session;
  $('user-views').hidden = !session;
  $('sign-in').hidden = !!session;
  if (session) {
    $('username').textContent = session.username;
    listModulePages(await modules);
  } else {
    $('modules').replaceChildren();
    pages = new Map();
  }
  await route();
}

/** Moves the keyboard focus to a view's heading after navigation, so that reading starts there. */
function focusView() {
  const visible = [...document.querySelectorAll('main > section')].find(section => !section.hidden);
  const heading = visible && visible.querySelector('h1');
  if (heading && window.location.hash) heading.focus();
}

$('sign-in').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  try {
    const answer = await api('POST', '/api/session', {
      username: form.elements.username.value, password: form.elements.password.value });
    useCsrfToken(answer.csrfToken);
    form.reset();
    say($('sign-in-message'), '');
    await showSession();
  } catch (e) {
    say($('sign-in-message'), 'Signing in failed: ' + e.message, 'error');
    form.elements.password.focus();
  }
});

$('sign-out').addEventListener('click', async () => {
  try {
    await api('DELETE', '/api/session');
  } catch (e) {
    // The session may have ended already; the page forgets it either way.
  }
  useCsrfToken(null);
  window.location.hash = '';
  await showSession();
  say($('sign-in-message'), 'You are signed out.');
});

// Any 401 from the API while signed in: the session expired (or the password changed elsewhere).
window.addEventListener('dump:signed-out', () => {
  if (!session) return;
  showSession().then(() => say($('sign-in-message'), 'Your session has ended: please sign in again.', 'error'));
});

window.addEventListener('hashchange', () => route().then(focusView).catch(e => showError(e.message)));

Promise.all([showNode(), showSession()]).catch(e => showError('Could not read this node: ' + e.message));
