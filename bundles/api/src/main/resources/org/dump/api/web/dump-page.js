// The DUMP page contract, version 1: what a module's page may rely on from the node it runs in. The node serves this
// file at /api/page/1/dump-page.js (org.dump.api.web.ModulePage.SCRIPT); a page loads it before its own scripts,
//   <script src="/api/page/1/dump-page.js" defer></script>
// and uses window.DumpPage. Within major version 1 the functions below keep their meaning; new ones may come, and
// DumpPage.version says which minor version a node serves. docs/modules.md ("Pages") describes each of them.
//
// Why a script of the node rather than each page's own copy: the session, the CSRF token, the headers that keep the
// browser from asking for a password and the profile requests are the node's business. A page that goes through
// this script keeps working when the node changes how they work inside one major version.
(function () {
  'use strict';

  const VERSION = '1.0.0';
  // A page is served at /modules/{module}/{page}/…: the module's id on this node (market, or market-v2 for a later
  // major version running beside it) is the second segment.
  const segments = window.location.pathname.split('/');
  const module = segments[1] === 'modules' && segments[2] ? decodeURIComponent(segments[2]) : null;
  const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
  let session = null;

  /** A request the node answered with an error: its status and the node's message, meant for people. */
  class RequestError extends Error {
    constructor(status, message) {
      super(message);
      this.name = 'RequestError';
      this.status = status;
    }
  }

  function requireModule() {
    if (!module) {
      throw new Error('DumpPage: this page is not served at /modules/{module}/{page}/, so it belongs to no module');
    }
    return module;
  }

  /**
   * Who is signed in: {username, roles, authentication, csrfToken}, or null when nobody is. Asked once per page
   * load; every caller gets the same answer.
   */
  function currentSession() {
    if (!session) {
      // A failed question (the node restarting, say) is asked again next time rather than kept.
      session = send('GET', '/api/session', undefined, undefined, null).catch(error => {
        session = null;
        throw error;
      });
    }
    return session;
  }

  async function send(method, url, body, contentType, csrfToken) {
    const headers = { Accept: 'application/json', 'X-Requested-With': 'DumpPage' };
    if (csrfToken) {
      headers['X-CSRF-Token'] = csrfToken;
    }
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json';
      payload = contentType ? body : JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
    if (!response.ok) {
      const error = await response.json().catch(() => ({}));
      throw new RequestError(response.status, error.message || (method + ' ' + url + ' answered ' + response.status));
    }
    return response.status === 204 ? null : response.json();
  }

  /**
   * Calls the node: a JSON body (or, with contentType, the body as it is, e.g. a File), answered by parsed JSON or
   * null for 204. Changes (any method but GET, HEAD and OPTIONS) carry the session's CSRF token.
   */
  async function request(method, url, body, contentType) {
    const verb = String(method).toUpperCase();
    const signedIn = SAFE.has(verb) ? null : await currentSession();
    return send(verb, url, body, contentType, signedIn ? signedIn.csrfToken : null);
  }

  /** This module's entries of a list the node answers, e.g. the user's profile requests. */
  async function ofThisModule(url, field) {
    const answer = await request('GET', url);
    return answer[field].filter(entry => entry.module === requireModule());
  }

  window.DumpPage = Object.freeze({
    version: VERSION,
    module,
    moduleApi: module ? '/api/modules/' + encodeURIComponent(module) + '/' : null,
    RequestError,
    session: currentSession,
    request,
    /** Asks the author of one of this module's records for their profile; answers the request as it stands. */
    askForProfile: recordId => request('POST', '/api/me/profile-requests', { module: requireModule(), recordId }),
    /** The signed-in user's requests for profiles of this module's authors, newest first. */
    profileRequests: () => ofThisModule('/api/me/profile-requests', 'requests'),
    /** The profiles that authors of this module's records granted to the signed-in user. */
    grantedProfiles: () => ofThisModule('/api/me/granted-profiles', 'profiles')
  });
}());
