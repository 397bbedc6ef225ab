// The profile switcher: which profile (an agency's client) every call acts in. The choice is
// kept in sessionStorage, like the credentials, so two tabs can work for two clients at once;
// api() sends it as `Soku-Profile`. Without a choice no header goes out: the default profile.
'use strict';

window.sokuConsoleProfiles = ({ $, api, el, say, guarded, session, reload }) => {
  const PROFILE_SLOT = 'soku.console.profile';
  const PAGE_SIZE = 100;
  let profiles = [];

  session.profileId = sessionStorage.getItem(PROFILE_SLOT) || '';

  const label = (profile) =>
    profile.isDefault && profile.name.toLowerCase() !== 'default'
      ? `${profile.name} (default)`
      : profile.name;

  function choose(id) {
    session.profileId = id;
    if (id) {
      sessionStorage.setItem(PROFILE_SLOT, id);
    } else {
      sessionStorage.removeItem(PROFILE_SLOT);
    }
  }

  function notify(message) {
    $('profile-notice').textContent = message;
  }

  async function listAll() {
    const all = [];
    let cursor = null;
    do {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) {
        query.set('cursor', cursor);
      }
      const page = await api('GET', `/v1/profiles?${query}`, 'key');
      all.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** The chosen profile was deleted (the header names no live profile): back to the default. */
  function forgetStale() {
    choose('');
    notify('The profile chosen before no longer exists: showing the default profile.');
  }

  function render() {
    const current = profiles.find((profile) => profile.id === session.profileId);
    const only = profiles.length === 1 ? profiles[0] : null;
    $('profile-choice').replaceChildren(
      ...profiles.map((profile) =>
        el('option', { value: profile.isDefault ? '' : profile.id }, label(profile)),
      ),
    );
    $('profile-choice').value = current && !current.isDefault ? current.id : '';
    $('profile-form').hidden = only !== null;
    $('profile-only').hidden = only === null;
    $('profile-only-name').textContent = only ? label(only) : '';
    // A key bound to a profile lists that one profile, which is not the default: it cannot make more.
    const bound = only !== null && !only.isDefault;
    $('create-profile-form').hidden = bound;
    $('profile-bound').hidden = !bound;
    $('profile-bar').hidden = false;
  }

  /** Lists every profile (page by page) and shows the one in use, falling back when it is gone. */
  async function load() {
    try {
      profiles = await listAll();
    } catch (error) {
      if (!isStale(error)) {
        throw error;
      }
      forgetStale();
      profiles = await listAll();
    }
    render();
  }

  /** An error that means the chosen profile is gone: the guard answers 404 for its header. */
  function isStale(error) {
    return Boolean(session.profileId) && error.code === 'profile_not_found';
  }

  async function fallBack() {
    forgetStale();
    await reload();
  }

  $('profile-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('profile-choice').value;
    const chosen = profiles.find((profile) => (profile.isDefault ? '' : profile.id) === id);
    choose(id);
    notify('');
    // Another profile's post is not found there: leave its page for the console itself.
    if (/^#post\//.test(window.location.hash)) {
      window.history.replaceState(null, '', window.location.pathname);
    }
    void guarded(async () => {
      await reload();
      say(`Now in profile ${chosen ? label(chosen) : 'Default'}.`);
    });
  });

  $('create-profile-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void guarded(async () => {
      const name = $('profile-name').value.trim();
      const created = await api('POST', '/v1/profiles', 'key', { name });
      $('create-profile-form').reset();
      profiles = await listAll();
      render();
      $('profile-choice').value = created.id;
      say(`Created profile ${created.name}: choose it under Profile and press Switch.`);
    });
  });

  /** Signing out forgets the choice: the next sign-in may be another user's. */
  function signOut() {
    choose('');
    notify('');
    profiles = [];
    $('profile-bar').hidden = true;
  }

  return { load, isStale, fallBack, signOut };
};
