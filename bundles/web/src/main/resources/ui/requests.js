// The profile requests view, both sides of profiles by consent:
// - incoming: users of other nodes ask for the signed-in user's profile (GET /api/me/profile-requests/incoming);
//   the user accepts or refuses a pending one and revokes a granted one (POST …/incoming/{id}/accept|refuse|revoke);
// - outgoing: what the user asked for from market listings and the like (GET /api/me/profile-requests), with state;
// - granted: the profiles others shared with the user (GET /api/me/granted-profiles), shown to this user only.
// The node does not push news to the page: the view reads everything when shown and on "Refresh".
import { api } from './http.js';
import { el, button, say, when, shortNode } from './dom.js';

const $ = id => document.getElementById(id);

const STATES = {
  pending: 'waiting for an answer',
  granted: 'granted',
  refused: 'refused',
  revoked: 'revoked'
};

function stateBadge(state) {
  return el('span', { className: 'state state-' + state, text: STATES[state] || state });
}

/** Replaces the items of a list, or says that there are none. */
function fill(list, items, empty) {
  list.replaceChildren(...(items.length ? items : [el('li', { className: 'empty', text: empty })]));
}

function incomingItem(request) {
  const asker = request.asker || {};
  const item = el('li', { 'data-id': request.id, 'data-state': request.state },
    el('p', {},
      el('strong', { text: asker.displayName || asker.username }), ' (', asker.username, ' on node ',
      shortNode(asker.node), ') asks for your profile'),
    el('p', { className: 'detail' }, 'From a record of module ', el('code', { text: request.module }), ': ',
      el('code', { text: request.recordId })),
    el('p', { className: 'detail' }, stateBadge(request.state), ' · received ', when(request.received),
      request.answered ? ' · answered ' + when(request.answered) : ''));
  const answer = (verb, done) => async () => {
    try {
      await api('POST', '/api/me/profile-requests/incoming/' + encodeURIComponent(request.id) + '/' + verb);
      await refresh();
      say($('requests-message'), done);
    } catch (e) {
      say($('requests-message'), e.message, 'error');
    }
  };
  const name = asker.displayName || asker.username;
  if (request.state === 'pending') {
    item.append(el('p', { className: 'actions' },
      button('Accept', answer('accept', 'Accepted: ' + name + ' now sees your profile and its changes.'),
        { className: 'accept', 'aria-label': 'Accept the request of ' + name }),
      button('Refuse', answer('refuse', 'Refused: ' + name + ' learns only that you said no.'),
        { className: 'refuse', 'aria-label': 'Refuse the request of ' + name })));
  } else if (request.state === 'granted') {
    item.append(el('p', { className: 'actions' },
      button('Revoke', answer('revoke', 'Revoked: the node of ' + name + ' deletes its copy of your profile.'),
        { className: 'revoke', 'aria-label': 'Revoke the profile you granted to ' + name })));
  }
  return item;
}

function outgoingItem(request) {
  return el('li', { 'data-id': request.id, 'data-state': request.state },
    el('p', {}, 'Profile of the author of ', el('code', { text: request.recordId }), ' (module ',
      el('code', { text: request.module }), ') on node ', shortNode(request.node)),
    el('p', { className: 'detail' }, stateBadge(request.state),
      request.delivered ? ' · delivered' : ' · not delivered yet', ' · asked ', when(request.created)));
}

function grantedItem(profile) {
  const item = el('li', { className: 'profile', 'data-request': profile.requestId });
  // Only addresses of this node's own API are used as image sources.
  if (profile.avatar && profile.avatar.startsWith('/api/')) {
    item.append(el('img', { src: profile.avatar, alt: 'Avatar of ' + (profile.displayName || 'this user'),
      className: 'avatar' }));
  }
  const facts = el('dl', {},
    el('dt', { text: 'Name' }), el('dd', { className: 'name', text: profile.displayName }),
    el('dt', { text: 'E-mail' }), el('dd', { className: 'email', text: profile.email || '—' }),
    el('dt', { text: 'About' }), el('dd', { className: 'bio', text: profile.bio || '—' }),
    el('dt', { text: 'Home node' }), el('dd', {}, shortNode(profile.node)),
    el('dt', { text: 'Asked from' }), el('dd', {}, el('code', { text: profile.module + ' ' + profile.recordId })),
    el('dt', { text: 'Updated' }), el('dd', { text: when(profile.updated) }));
  item.append(facts);
  return item;
}

async function refresh() {
  const [incoming, outgoing, granted] = await Promise.all([
    api('GET', '/api/me/profile-requests/incoming'),
    api('GET', '/api/me/profile-requests'),
    api('GET', '/api/me/granted-profiles')]);
  fill($('incoming'), incoming.requests.map(incomingItem), 'Nobody has asked for your profile.');
  fill($('outgoing'), outgoing.requests.map(outgoingItem),
    'You have asked for no profiles. Ask from a listing in the market.');
  fill($('granted'), granted.profiles.map(grantedItem), 'Nobody has shared a profile with you yet.');
}

export async function showRequestsView() {
  say($('requests-message'), '');
  try {
    await refresh();
  } catch (e) {
    say($('requests-message'), 'The requests could not be read: ' + e.message, 'error');
  }
}

$('requests-refresh').addEventListener('click', showRequestsView);
