// The market page: lists, searches, creates, edits and deletes listings through the module's REST resource,
// /api/modules/<module>/listings, with the user's session. Changes carry the session's CSRF token.
// Everything from the server is inserted as text, never as HTML.
// The page is served at /modules/<module>/<page>/: the module's name on this node (market, or market-v2 for a
// later major version running beside it) comes from there.
const MODULE = window.location.pathname.split('/')[2] || 'market';
const MODULE_API = '/api/modules/' + MODULE + '/';
const API = MODULE_API + 'listings';
const $ = id => document.getElementById(id);
let csrfToken = null;
let offset = 0;

function showError(message) {
  $('error').textContent = message || '';
  $('error').hidden = !message;
}

async function call(method, url, body, contentType) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'fetch' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken;
  }
  if (body !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
  }
  const response = await fetch(url, {
    method, headers,
    body: body === undefined ? undefined : (contentType ? body : JSON.stringify(body))
  });
  if (!response.ok) {
    const error = await response.json().catch(() => ({}));
    throw new Error(error.message || (method + ' ' + url + ' answered ' + response.status));
  }
  return response.status === 204 ? null : response.json();
}

function listingItem(listing) {
  const item = document.createElement('li');
  item.dataset.id = listing.id;
  if (listing.image) {
    const image = document.createElement('img');
    image.src = MODULE_API + listing.image;
    image.alt = '';
    item.append(image);
  }
  const title = document.createElement('h3');
  title.textContent = listing.title;
  const price = document.createElement('p');
  price.className = 'price';
  price.textContent = Number(listing.price).toFixed(2) + ' ' + listing.currency;
  const description = document.createElement('p');
  description.textContent = listing.description;
  const when = document.createElement('small');
  when.textContent = 'listed ' + new Date(listing.created).toLocaleString();
  item.append(title, price, description, when);
  if (listing.mine) {
    const actions = document.createElement('p');
    actions.className = 'actions';
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = 'Edit';
    edit.addEventListener('click', () => startEditing(listing));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Delete';
    remove.addEventListener('click', async () => {
      if (!confirm('Delete “' + listing.title + '”?')) return;
      await call('DELETE', API + '/' + encodeURIComponent(listing.id)).then(() => search(true), e => showError(e.message));
    });
    actions.append(edit, remove);
    item.append(actions);
  }
  return item;
}

async function search(fromStart) {
  if (fromStart) {
    offset = 0;
    $('listings').replaceChildren();
  }
  const form = new FormData($('search'));
  const query = new URLSearchParams({ offset, limit: 20, sort: form.get('sort') });
  for (const name of ['q', 'minPrice', 'maxPrice']) {
    if (form.get(name)) query.set(name, form.get(name));
  }
  try {
    const page = await call('GET', API + '?' + query);
    page.listings.forEach(listing => $('listings').append(listingItem(listing)));
    offset += page.listings.length;
    $('more').hidden = !page.more;
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

function startEditing(listing) {
  const form = $('editor');
  form.elements.id.value = listing.id;
  form.elements.title.value = listing.title;
  form.elements.description.value = listing.description;
  form.elements.price.value = listing.price;
  form.elements.currency.value = listing.currency;
  $('editor-title').textContent = 'Edit listing';
  $('cancel').hidden = false;
  form.scrollIntoView();
}

function stopEditing() {
  $('editor').reset();
  $('editor').elements.id.value = '';
  $('editor-title').textContent = 'Sell something';
  $('cancel').hidden = true;
}

$('editor').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target.elements;
  const listing = {
    title: form.title.value, description: form.description.value,
    price: form.price.value === '' ? null : Number(form.price.value), currency: form.currency.value
  };
  try {
    const saved = form.id.value
      ? await call('PUT', API + '/' + encodeURIComponent(form.id.value), listing)
      : await call('POST', API, listing);
    const file = form.image.files[0];
    if (file) {
      await call('PUT', API + '/' + encodeURIComponent(saved.id) + '/image', file, file.type);
    }
    stopEditing();
    await search(true);
  } catch (e) {
    showError(e.message);
  }
});

$('cancel').addEventListener('click', stopEditing);
$('search').addEventListener('submit', event => { event.preventDefault(); search(true); });
$('more').addEventListener('click', () => search(false));

fetch('/api/session', { headers: { Accept: 'application/json', 'X-Requested-With': 'fetch' } })
  .then(response => response.ok ? response.json() : Promise.reject(new Error('sign in on the node first')))
  .then(session => { csrfToken = session.csrfToken; return search(true); })
  .catch(e => showError(e.message));
