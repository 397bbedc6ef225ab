// The header row of the console's data tables, with explicit roles: on a phone the tables are
// restyled as blocks (console.css), which would otherwise drop their table semantics.
'use strict';

window.sokuConsoleTableHead = (el, names) =>
  el(
    'thead',
    { role: 'rowgroup' },
    el(
      'tr',
      { role: 'row' },
      ...names.map((name) => el('th', { role: 'columnheader', scope: 'col' }, name)),
    ),
  );
