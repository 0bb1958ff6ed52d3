// The profile view: the signed-in user's own profile (GET/PUT /api/me/profile) and avatar
// (GET/PUT/DELETE /api/me/avatar). The profile stays on this node; other nodes get it only through a granted
// request (see requests.js).
import { api, ApiError } from './http.js';
import { say } from './dom.js';

const $ = id => document.getElementById(id);
const FIELDS = ['displayName', 'email', 'bio'];

function showProfile(profile) {
  const form = $('profile-form').elements;
  for (const name of FIELDS) {
    form[name].value = profile[name] || '';
    form[name].removeAttribute('aria-invalid');
  }
  const avatar = $('avatar');
  if (profile.avatar) {
    // The address stays the same when the image changes: the update time makes the browser fetch it again.
    avatar.src = profile.avatar + '?v=' + encodeURIComponent(profile.updated);
  } else {
    avatar.removeAttribute('src');
  }
  avatar.hidden = !profile.avatar;
  $('no-avatar').hidden = !!profile.avatar;
  $('avatar-remove').disabled = !profile.avatar;
}

/** Shows an API error; when it names a field of the form, that field is marked and gets the focus. */
function showError(line, form, error) {
  say(line, error.message, 'error');
  const field = error instanceof ApiError && error.field && form.elements[error.field];
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }
}

export async function showProfileView() {
  say($('profile-message'), '');
  say($('avatar-message'), '');
  const form = $('profile-form');
  // Until the profile is read, what the user types would be overwritten by it.
  form.setAttribute('aria-busy', 'true');
  for (const name of FIELDS) form.elements[name].readOnly = true;
  try {
    showProfile(await api('GET', '/api/me/profile'));
  } catch (e) {
    say($('profile-message'), 'Your profile could not be read: ' + e.message, 'error');
  } finally {
    for (const name of FIELDS) form.elements[name].readOnly = false;
    form.setAttribute('aria-busy', 'false');
  }
}

$('profile-form').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  const text = {};
  for (const name of FIELDS) {
    form.elements[name].removeAttribute('aria-invalid');
    // An empty field is sent as null: the profile has no such value (the API refuses an empty display name
    // with a message that says so).
    text[name] = form.elements[name].value.trim() || null;
  }
  try {
    showProfile(await api('PUT', '/api/me/profile', text));
    say($('profile-message'), 'Profile saved.');
  } catch (e) {
    showError($('profile-message'), form, e);
  }
});

$('avatar-form').addEventListener('submit', async event => {
  event.preventDefault();
  const file = event.target.elements.image.files[0];
  if (!file) {
    say($('avatar-message'), 'Choose an image first.', 'error');
    event.target.elements.image.focus();
    return;
  }
  try {
    showProfile(await api('PUT', '/api/me/avatar', file, file.type || 'application/octet-stream'));
    event.target.reset();
    say($('avatar-message'), 'Avatar saved.');
  } catch (e) {
    showError($('avatar-message'), event.target, e);
  }
});

$('avatar-remove').addEventListener('click', async () => {
  try {
    showProfile(await api('DELETE', '/api/me/avatar'));
    say($('avatar-message'), 'Avatar removed.');
  } catch (e) {
    say($('avatar-message'), e.message, 'error');
  }
});
