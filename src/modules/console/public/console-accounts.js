// The console's connected accounts: a table, which a phone shows as labelled lines (see
// console.css); the explicit roles keep it a table for assistive technology there.
'use strict';

window.sokuConsoleAccounts = ({ $, api, el }) => {
  async function load() {
    const { integrations } = await api('GET', '/v1/integrations', 'key');
    const body = $('accounts-body');
    body.replaceChildren(
      ...integrations.map((account) =>
        el(
          'tr',
          { role: 'row' },
          el('td', { role: 'cell', 'data-label': 'Platform' }, account.platform),
          el('td', { role: 'cell', 'data-label': 'Account id' }, account.accountId),
          el(
            'td',
            { role: 'cell', 'data-label': 'Name' },
            account.displayName || account.handle || '',
            account.sandbox ? el('span', { class: 'meta' }, ' (sandbox)') : null,
          ),
          el(
            'td',
            { role: 'cell', 'data-label': 'Status', class: `state-${account.status}` },
            account.status,
          ),
        ),
      ),
    );
    if (integrations.length === 0) {
      body.append(
        el(
          'tr',
          { role: 'row' },
          el('td', { role: 'cell', colspan: '4' }, 'No connected accounts yet.'),
        ),
      );
    }
  }

  return { load };
};
