// The API keys section (ID-token calls): list, create (bound to the profile in use if asked),
// revoke.
'use strict';

window.sokuConsoleKeys = ({ $, api, el, when, say, guarded, session }) => {
  async function load() {
    $('key-bind-choice').hidden = !session.profileId;
    const { keys } = await api('GET', '/v1/api-keys', 'token');
    $('keys-body').replaceChildren(
      ...keys.map((key) => {
        const name = key.name || '(unnamed)';
        const action = el('td', { role: 'cell' });
        if (!key.revokedAt) {
          const revoke = el('button', { type: 'button', 'aria-label': `Revoke ${name}` }, 'Revoke');
          revoke.addEventListener('click', () => guarded(() => revokeKey(key.id, name)));
          action.append(revoke);
        }
        const state = { role: 'cell', 'data-label': 'State' };
        return el(
          'tr',
          { role: 'row', 'data-key-id': key.id },
          el('td', { role: 'cell', 'data-label': 'Name' }, name),
          el('td', { role: 'cell', 'data-label': 'Key' }, el('code', {}, key.tokenPreview)),
          el('td', { role: 'cell', 'data-label': 'Created' }, when(key.createdAt)),
          key.revokedAt
            ? el('td', { ...state, class: 'state-revoked' }, `Revoked ${when(key.revokedAt)}`)
            : el('td', { ...state, class: 'state-connected' }, 'Active'),
          action,
        );
      }),
    );
  }

  async function revokeKey(id, name) {
    if (!window.confirm(`Revoke ${name}? It stops working at once.`)) {
      return;
    }
    await api('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`, 'token');
    say(`Revoked ${name}.`);
    await load();
  }

  $('create-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void guarded(async () => {
      const name = $('key-name').value.trim();
      const body = name ? { name } : {};
      if (session.profileId && $('key-bind').checked) {
        body.profileId = session.profileId;
      }
      const created = await api('POST', '/v1/api-keys', 'token', body);
      $('new-key-value').textContent = created.apiKey;
      $('new-key').hidden = false;
      $('create-key-form').reset();
      say('API key created. Copy it now: it is shown only once.');
      await load();
    });
  });

  return { load };
};
