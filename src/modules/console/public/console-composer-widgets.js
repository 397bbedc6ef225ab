// The composer's widgets, each a factory console-composer.js calls: its fields (counters and
// problems), its text tabs and its media. Loaded before console-composer.js.
'use strict';

// The composer's fields: live length counters by the API's own rules (console-text-length.js,
// bundled from the connectors' code), and each validation problem shown next to the field its
// path names.
window.sokuComposerFields = ({ el }) => {
  const { textLengthOf } = window.sokuTextLength;

  /** The ids in a field's aria-describedby, with `id` added or removed. */
  function describedBy(node, id, present) {
    const ids = (node.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    const next = ids.filter((other) => other !== id).concat(present ? [id] : []);
    if (next.length > 0) {
      node.setAttribute('aria-describedby', next.join(' '));
    } else {
      node.removeAttribute('aria-describedby');
    }
  }

  /**
   * A counter under a text field: one line per platform, its length by that platform's rule
   * against its limit, announced politely as it changes.
   */
  function counter(field) {
    const list = el('ul', { id: `${field.id}-counts`, class: 'counts', 'aria-live': 'polite' });
    field.after(list);
    describedBy(field, list.id, true);
    return (platforms) => {
      list.replaceChildren(
        ...platforms.map((platform) => {
          const { name, length, limit, counted } = textLengthOf(platform, field.value);
          const over = length > limit;
          return el(
            'li',
            { class: over ? 'over' : '', 'data-platform': platform, 'data-length': String(length) },
            `${name}: ${length} / ${limit}`,
            el('span', { class: 'visually-hidden' }, ` ${counted}`),
            over ? ` (${length - limit} over)` : null,
          );
        }),
      );
    };
  }

  /** Whether an API field path names this field or a part of it (`…thread` names `…thread[1]`). */
  function names(path, field) {
    return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
  }

  /** The field a problem's path belongs to: the one with the longest matching path. */
  function fieldFor(form, path) {
    let best = null;
    for (const node of form.querySelectorAll('[data-field]')) {
      const field = node.dataset.field;
      if (path && names(path, field) && (!best || field.length > best.dataset.field.length)) {
        best = node;
      }
    }
    return best;
  }

  function errorSlot(node) {
    const id = `${node.id}-error`;
    let slot = document.getElementById(id);
    if (!slot) {
      slot = el('ul', { id, class: 'field-error' });
      if (node.tagName === 'FIELDSET') {
        node.append(slot);
      } else {
        (node.nextElementSibling?.classList.contains('counts')
          ? node.nextElementSibling
          : node
        ).after(slot);
      }
    }
    return slot;
  }

  function clearProblems(form, general) {
    for (const slot of form.querySelectorAll('.field-error')) {
      slot.remove();
    }
    for (const node of form.querySelectorAll('[data-field]')) {
      node.removeAttribute('aria-invalid');
      describedBy(node, `${node.id}-error`, false);
    }
    for (const mark of form.querySelectorAll('[role="tab"] .tab-problem')) {
      mark.remove();
    }
    general.replaceChildren();
  }

  /**
   * Each problem ({field, message}) under its field, which is marked invalid and described by
   * it (its tab says so too); a problem no field claims goes to the general list.
   */
  function showProblems(form, general, problems) {
    clearProblems(form, general);
    for (const problem of problems) {
      const node = fieldFor(form, problem.field);
      if (!node) {
        general.append(el('li', {}, problem.message));
        continue;
      }
      errorSlot(node).append(el('li', {}, problem.message));
      if (node.tagName !== 'FIELDSET') {
        node.setAttribute('aria-invalid', 'true');
      }
      describedBy(node, `${node.id}-error`, true);
      const panel = node.closest('[role="tabpanel"]');
      const tab = panel && document.getElementById(panel.getAttribute('aria-labelledby'));
      if (tab && !tab.querySelector('.tab-problem')) {
        tab.append(el('span', { class: 'tab-problem' }, ' (fix needed)'));
      }
    }
  }

  return { counter, showProblems, clearProblems };
};

// The composer's text tabs: "All platforms", then one per chosen platform with that platform's
// own text (post.content.platformOverrides.<platform>.text), in the WAI-ARIA tabs pattern
// (one tab stop, arrow keys, Home and End).
window.sokuComposerTabs = ({ $, el, counted }) => {
  const CONTENT = 'body.post.content';
  const { textLengthOf } = window.sokuTextLength;
  // The API's own display name of a platform ("X", "Facebook"), which its rules carry.
  const nameOf = (platform) => textLengthOf(platform, '').name;
  // Kept while a platform is unticked, so ticking it again brings its text back.
  const ownTexts = new Map();
  const list = $('composer-tabs');

  function select(tab, focus) {
    for (const other of list.querySelectorAll('[role="tab"]')) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) {
      tab.focus();
    }
  }

  /** A tab and a panel per platform; the selected tab stays selected if it is still there. */
  function show(platforms) {
    const panels = $('composer-override-panels');
    const current = list.querySelector('[aria-selected="true"]');
    list.replaceChildren(list.firstElementChild);
    panels.replaceChildren();
    for (const platform of platforms) {
      const id = `composer-override-${platform}`;
      list.append(
        el(
          'button',
          { type: 'button', role: 'tab', id: `${id}-tab`, 'aria-controls': `${id}-panel` },
          nameOf(platform),
        ),
      );
      const text = el('textarea', {
        id,
        rows: '4',
        'data-platform': platform,
        'data-field': `${CONTENT}.platformOverrides.${platform}.text`,
      });
      text.value = ownTexts.get(platform) || '';
      text.addEventListener('input', () => ownTexts.set(platform, text.value));
      panels.append(
        el(
          'div',
          { role: 'tabpanel', id: `${id}-panel`, 'aria-labelledby': `${id}-tab` },
          el('label', { for: id }, `Text on ${nameOf(platform)} only (empty: the text for all)`),
          text,
        ),
      );
      counted(text);
    }
    select((current && $(current.id)) || list.firstElementChild, false);
  }

  list.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) {
      select(tab, true);
    }
  });
  list.addEventListener('keydown', (event) => {
    const tabs = [...list.querySelectorAll('[role="tab"]')];
    const at = tabs.indexOf(document.activeElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (at >= 0 && to !== undefined) {
      event.preventDefault();
      select(tabs[(to + tabs.length) % tabs.length], true);
    }
  });

  return {
    show,
    nameOf,
    ownText: (platform) => ownTexts.get(platform) || '',
    clear: () => ownTexts.clear(),
  };
};

// The composer's media: the caller's library (GET /v1/media) as thumbnails to tick, in the order
// ticked, and a direct upload (POST /v1/media/uploads, PUT, complete) that lands ticked.
window.sokuComposerMedia = ({ $, api, el, say }) => {
  const LIBRARY_PAGE = 24;
  let chosen = [];
  let onChange = () => {};

  const sizeOf = (bytes) =>
    bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

  function tile(media) {
    const kind = media.mimeType.split('/')[0];
    const box = el('input', { type: 'checkbox', value: media.id });
    box.checked = chosen.includes(media.id);
    box.addEventListener('change', () => {
      chosen = box.checked ? [...chosen, media.id] : chosen.filter((id) => id !== media.id);
      onChange();
    });
    const preview =
      kind === 'image'
        ? el('img', { src: media.url, alt: '', loading: 'lazy' })
        : el('span', { class: 'media-kind', 'aria-hidden': 'true' }, kind);
    const size = media.width && media.height ? ` ${media.width}×${media.height}` : '';
    return el(
      'li',
      { 'data-media-id': media.id },
      el(
        'label',
        { class: 'media-tile' },
        box,
        preview,
        el('span', { class: 'meta' }, `${kind}${size} · ${sizeOf(media.size)}`),
      ),
    );
  }

  async function load() {
    const { data } = await api('GET', `/v1/media?limit=${LIBRARY_PAGE}`, 'key');
    const known = new Set(data.map((media) => media.id));
    chosen = chosen.filter((id) => known.has(id));
    $('composer-media-list').replaceChildren(
      ...(data.length > 0
        ? data.map(tile)
        : [el('li', { class: 'meta' }, 'No media yet: upload one below.')]),
    );
  }

  /** The three steps of a direct upload; the new media is then ticked. */
  async function upload(file) {
    say(`Uploading ${file.name}…`);
    const ticket = await api('POST', '/v1/media/uploads', 'key', {
      filename: file.name,
      mimeType: file.type,
      size: file.size,
    });
    const put = await fetch(ticket.uploadUrl, {
      method: ticket.method,
      headers: ticket.headers,
      body: file,
    });
    if (!put.ok) {
      throw new Error(`The upload was refused (HTTP ${put.status}).`);
    }
    const media = await api(
      'POST',
      `/v1/media/uploads/${encodeURIComponent(ticket.mediaId)}/complete`,
      'key',
    );
    chosen = [...chosen.filter((id) => id !== media.id), media.id];
    await load();
    onChange();
    say(`Uploaded ${file.name}.`);
  }

  return {
    load,
    upload,
    chosen: () => chosen,
    reset() {
      chosen = [];
      for (const box of $('composer-media-list').querySelectorAll('input')) {
        box.checked = false;
      }
    },
    /** Called whenever the choice changes. */
    watch(callback) {
      onChange = callback;
    },
  };
};
