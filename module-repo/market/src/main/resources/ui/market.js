// The market page: lists, searches, creates, edits and deletes listings through the module's REST resource,
// /api/modules/<module>/listings, with the user's session. Everything from the server is inserted as text, never
// as HTML. The node's page shows it in a frame as tall as this page.
// What the page needs of the node (the module's id on this node, market or market-v2, from the page's address; the
// session and its CSRF token; profile requests) comes from the node's page contract, window.DumpPage, which
// index.html loads from /api/page/1/dump-page.js first.
const API = DumpPage.moduleApi + 'listings';
const call = DumpPage.request;
const $ = id => document.getElementById(id);
let offset = 0;
// Profiles by consent: a listing says nothing about its seller. The user may ask the seller's home node for the
// seller's profile through the node (DumpPage.askForProfile); the seller answers later, on their node. What the user
// asked for and what was granted, by listing id, so that each listing shows where its request stands.
let asked = new Map();
let granted = new Map();

function showError(message) {
  $('error').textContent = message || '';
  $('error').hidden = !message;
}

function listingItem(listing) {
  const item = document.createElement('li');
  item.dataset.id = listing.id;
  if (listing.image) {
    const image = document.createElement('img');
    image.src = DumpPage.moduleApi + listing.image;
    image.alt = '';
    image.decoding = 'async';
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
  } else {
    const seller = document.createElement('div');
    seller.className = 'seller';
    showSeller(seller, listing);
    item.append(seller);
  }
  return item;
}

/** The seller line of a listing someone else wrote: their profile if granted, the request's state, or a button. */
function showSeller(seller, listing) {
  const profile = granted.get(listing.id);
  const request = asked.get(listing.id);
  const line = document.createElement('p');
  if (profile) {
    line.textContent = 'Seller: ' + profile.displayName + (profile.email ? ' <' + profile.email + '>' : '');
    seller.replaceChildren(line);
    return;
  }
  if (request && (request.state === 'pending' || request.state === 'granted')) {
    line.textContent = request.state === 'pending'
      ? 'You asked for the seller\'s profile; the seller has not answered yet.'
      : 'The seller shared their profile with you: see Profile requests.';
    seller.replaceChildren(line);
    return;
  }
  if (request) {
    line.textContent = request.state === 'refused' ? 'The seller refused to share their profile.'
      : 'The seller took their profile back.';
  }
  const ask = document.createElement('button');
  ask.type = 'button';
  ask.className = 'ask-profile';
  ask.textContent = request ? 'Ask again' : 'Ask for the seller\'s profile';
  ask.setAttribute('aria-label', ask.textContent + ': ' + listing.title);
  const problem = document.createElement('span');
  problem.className = 'problem';
  problem.setAttribute('role', 'alert');
  ask.addEventListener('click', async () => {
    ask.disabled = true;
    try {
      const made = await DumpPage.askForProfile(listing.id);
      asked.set(listing.id, made);
      showSeller(seller, listing);
    } catch (e) {
      // E.g. a listing written on this node (its seller is a user here) or from a node that is no peer.
      problem.textContent = 'Could not ask: ' + e.message;
      ask.disabled = false;
    }
  });
  line.append(ask, ' ', problem);
  seller.replaceChildren(line);
}

/** Reads the user's requests and granted profiles; without them the listings simply offer to ask. */
async function readRequests() {
  try {
    const [requests, profiles] = await Promise.all([DumpPage.profileRequests(), DumpPage.grantedProfiles()]);
    // Newest first: the newest request for a listing wins.
    asked = new Map(requests.reverse().map(r => [r.recordId, r]));
    granted = new Map(profiles.map(p => [p.recordId, p]));
  } catch (e) {
    asked = new Map();
    granted = new Map();
  }
}

/** What the list says when there is nothing to list. */
function emptyItem(searched) {
  const item = document.createElement('li');
  item.className = 'empty';
  item.textContent = searched ? 'No listing matches your search.' : 'Nothing is for sale yet.';
  return item;
}

/**
 * Reads a page of listings: the first (fromStart, with the user's requests, read at the same time) or the next one.
 * The list changes in one go once everything is in, so that it is drawn once.
 */
async function search(fromStart) {
  const form = new FormData($('search'));
  const query = new URLSearchParams({ offset: fromStart ? 0 : offset, limit: 20, sort: form.get('sort') });
  let searched = false;
  for (const name of ['q', 'minPrice', 'maxPrice']) {
    if (form.get(name)) {
      query.set(name, form.get(name));
      searched = true;
    }
  }
  try {
    const [page] = await Promise.all([call('GET', API + '?' + query), fromStart ? readRequests() : null]);
    const items = page.listings.map(listingItem);
    if (fromStart) {
      offset = 0;
      $('listings').replaceChildren(...(items.length ? items : [emptyItem(searched)]));
    } else {
      $('listings').append(...items);
    }
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

// The session and the first listings are asked for at once: reading needs no token.
const session = DumpPage.session().then(signedIn => {
  if (!signedIn) throw new Error('sign in on the node first');
});
Promise.all([session, search(true)])
  .catch(e => showError(e.message))
  .finally(() => document.querySelector('main').setAttribute('aria-busy', 'false'));
