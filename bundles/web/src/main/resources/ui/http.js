// Calls to the node's REST API from the node's pages, with the session cookie (HttpOnly, so scripts never see it).
// Every change carries the session's CSRF token: the node refuses changes through a session without it.
// Errors come back as the API's JSON error ({status, error, message, field}) in an ApiError, so that views can
// say what went wrong in the API's own words and point at the field at fault.

let csrfToken = null;

/** Remembers the token of the session answer (POST or GET /api/session); null after signing out. */
export function useCsrfToken(token) {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || (status === 0 ? 'the node could not be reached' : 'the node answered ' + status));
    this.status = status;
    this.field = body.field || null;
  }
}

/**
 * One request to the API. body: an object (sent as JSON) or a Blob/File sent raw with contentType.
 * Returns the parsed JSON answer, or null for 204. A 401 on anything but the session itself means the session
 * ended: the page is told (event 'dump:signed-out') so it can ask the user to sign in again.
 */
export async function api(method, path, body, contentType) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'fetch' };
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let payload;
  if (body instanceof Blob) {
    headers['Content-Type'] = contentType || body.type || 'application/octet-stream';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, {});
  }
  if (!response.ok) {
    const error = new ApiError(response.status, await response.json().catch(() => ({})));
    if (response.status === 401 && path !== '/api/session') {
      window.dispatchEvent(new CustomEvent('dump:signed-out', { detail: error }));
    }
    throw error;
  }
  return response.status === 204 ? null : response.json();
}
