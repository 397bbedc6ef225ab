// The Soku console: plain DOM code over the public API. Credentials live in sessionStorage
// (this tab only); every value from the API is written with textContent, never as HTML.
'use strict';

(() => {
  const KEY_SLOT = 'soku.console.apiKey';
  const TOKEN_SLOT = 'soku.console.idToken';
  const $ = (id) => document.getElementById(id);
  const session = {
    apiKey: sessionStorage.getItem(KEY_SLOT) || '',
    idToken: sessionStorage.getItem(TOKEN_SLOT) || '',
  };

  class ApiError extends Error {
    constructor(status, envelope) {
      const error = envelope && envelope.error;
      super(error ? error.message : `HTTP ${status}`);
      this.status = status;
      this.code = error ? error.code : 'http_error';
      this.requestId = error ? error.requestId : '';
      this.details = error ? error.details : undefined;
    }
  }

  /**
   * One call to the public API, with the API key (`auth: 'key'`) or the ID token, in the
   * profile chosen in the switcher (none: the default one).
   */
  async function api(method, path, auth, body, extraHeaders) {
    const headers = { Accept: 'application/json', ...extraHeaders };
    if (session.profileId) {
      headers['soku-profile'] = session.profileId;
    }
    if (auth === 'key') {
      headers['soku-api-key'] = session.apiKey;
    } else {
      headers.Authorization = `Bearer ${session.idToken}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      throw new ApiError(res.status, data);
    }
    return data;
  }

  function say(message) {
    $('status').textContent = message;
  }

  function complain(error) {
    const problem = $('problem');
    const parts = [error.message];
    if (error.code) {
      parts.push(`(${error.code}${error.requestId ? `, request ${error.requestId}` : ''})`);
    }
    problem.textContent = parts.join(' ');
    problem.hidden = false;
  }

  function clearProblem() {
    $('problem').hidden = true;
    $('problem').textContent = '';
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'class') {
        node.className = value;
      } else {
        node.setAttribute(name, value);
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child);
      }
    }
    return node;
  }

  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

  function showSignedIn() {
    const signedIn = Boolean(session.apiKey || session.idToken);
    $('sign-in').hidden = signedIn;
    $('dashboard').hidden = !signedIn;
    $('sign-out').hidden = !signedIn;
    for (const node of document.querySelectorAll('.with-key')) {
      node.hidden = !session.apiKey;
    }
    for (const node of document.querySelectorAll('.needs-key')) {
      node.hidden = Boolean(session.apiKey);
    }
    for (const node of document.querySelectorAll('.with-token')) {
      node.hidden = !session.idToken;
    }
    for (const node of document.querySelectorAll('.needs-token')) {
      node.hidden = Boolean(session.idToken);
    }
  }

  async function loadCredits() {
    const credits = await api('GET', '/v1/credits', 'key');
    $('credit-balance').textContent = String(credits.balance);
  }

  const accounts = window.sokuConsoleAccounts({ $, api, el });
  const posts = window.sokuConsolePosts({ $, api, el, when, say, guarded: run });
  const calendar = window.sokuConsoleCalendar({ $, api, el, say, guarded: run, words: posts });
  const postPage = window.sokuConsolePost({
    $,
    api,
    el,
    when,
    say,
    guarded: run,
    words: posts,
    refresh: () => Promise.all([posts.load(), calendar.load()]),
  });
  const composer = window.sokuComposer({ $, api, el, say, guarded: run });
  const keys = window.sokuConsoleKeys({ $, api, el, when, say, guarded: run, session });
  const profiles = window.sokuConsoleProfiles({
    $,
    api,
    el,
    say,
    guarded: run,
    session,
    reload: loadDashboard,
  });

  async function loadDashboard() {
    const loads = [];
    if (session.apiKey) {
      // First: every other call goes out in the profile this settles on.
      await profiles.load();
      loads.push(
        loadCredits(),
        accounts.load(),
        posts.load(),
        calendar.load(),
        postPage.show(),
        composer.load(),
      );
    }
    if (session.idToken) {
      loads.push(keys.load());
    }
    const results = await Promise.allSettled(loads);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
  }

  /** Reports an error in the alert region; the chosen profile gone, falls back to the default. */
  async function report(error) {
    if (profiles.isStale(error)) {
      await profiles.fallBack().catch(complain);
    } else {
      complain(error);
    }
  }

  /** Runs an action, reporting its error. */
  async function run(action) {
    clearProblem();
    try {
      await action();
    } catch (error) {
      await report(error);
    }
  }

  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void run(async () => {
      const apiKey = $('api-key').value.trim();
      const idToken = $('id-token').value.trim();
      if (!apiKey && !idToken) {
        throw new Error('Enter an API key, an ID token, or both.');
      }
      session.apiKey = apiKey;
      session.idToken = idToken;
      try {
        // Check the credentials before keeping them.
        await Promise.all([
          apiKey ? api('GET', '/v1/integrations', 'key') : null,
          idToken ? api('GET', '/v1/api-keys', 'token') : null,
        ]);
      } catch (error) {
        session.apiKey = '';
        session.idToken = '';
        throw error;
      }
      sessionStorage.setItem(KEY_SLOT, apiKey);
      sessionStorage.setItem(TOKEN_SLOT, idToken);
      $('sign-in-form').reset();
      showSignedIn();
      say('Signed in.');
      $('main').focus();
      await loadDashboard();
    });
  });

  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_SLOT);
    sessionStorage.removeItem(TOKEN_SLOT);
    session.apiKey = '';
    session.idToken = '';
    profiles.signOut();
    $('new-key').hidden = true;
    clearProblem();
    showSignedIn();
    say('Signed out.');
    $('api-key').focus();
  });

  $('refresh-posts').addEventListener('click', () => {
    void run(async () => {
      await posts.load();
      say('Posts refreshed.');
    });
  });

  $('older-posts').addEventListener('click', () => {
    void run(async () => {
      const shown = await posts.load(true);
      say(`Showing ${shown} older posts.`);
    });
  });

  $('connect-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void run(async () => {
      const platform = $('connect-platform').value;
      const started = await api(
        'POST',
        `/v1/integrations/${encodeURIComponent(platform)}/connect`,
        'key',
      );
      say(`Opening ${platform} to connect your account…`);
      window.location.assign(started.authorizationUrl);
    });
  });

  /** Back from a connect, when SOKU_INTEGRATIONS_REDIRECT_URL points here: say how it went. */
  function reportConnectOutcome() {
    const query = new URLSearchParams(window.location.search);
    const status = query.get('status');
    if (status === 'connected') {
      say(`Connected ${query.get('platform')}: ${query.get('accounts')}.`);
    } else if (status === 'error') {
      complain({ message: query.get('message') || 'Connection failed', code: query.get('error') });
    }
    if (status) {
      window.history.replaceState(null, '', window.location.pathname);
    }
  }

  reportConnectOutcome();
  showSignedIn();
  if (session.apiKey || session.idToken) {
    loadDashboard().catch(report);
  }
})();
