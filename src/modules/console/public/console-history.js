// A post's history on its page: created, each edit with what it changed, each run settling,
// each failed part and each deletion, oldest first, from GET /v1/posts/:id/events.
'use strict';

window.sokuConsoleHistory = ({ api, el, words }) => {
  const PAGE = 100;
  // A post has a handful of events; the cap keeps a runaway page loop from hanging the page.
  const MAX_PAGES = 20;
  const FIELD_NAMES = {
    scheduledTime: 'Scheduled time',
    text: 'Text',
    media: 'Media',
    overrides: 'Platform overrides',
    thread: 'Thread',
    firstComment: 'First comment',
  };

  /** Every event of the post, oldest first. */
  async function read(id) {
    const events = [];
    let cursor = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) {
        query.set('cursor', cursor);
      }
      const path = `/v1/posts/${encodeURIComponent(id)}/events?${query}`;
      const body = await api('GET', path, 'key');
      events.push(...body.data);
      cursor = body.nextCursor;
      if (!cursor) {
        break;
      }
    }
    return events;
  }

  const time = (iso) => el('time', { datetime: iso }, new Date(iso).toLocaleString());
  const quoted = (text) => {
    const short = text.length > 80 ? `${text.slice(0, 79)}…` : text;
    return `“${short}”`;
  };
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  /** A changed field's value as a person reads it. */
  function valueText(field, value) {
    if (value === null || value === undefined) {
      return 'none';
    }
    switch (field) {
      case 'scheduledTime':
        return new Date(value).toLocaleString();
      case 'text':
        return quoted(String(value));
      case 'media': {
        const images = (value.imageUrls || []).length + (value.mediaUrls || []).length;
        const ids = (value.mediaIds || []).length;
        const shown = [
          value.videoUrl ? 'a video' : null,
          images > 0 ? count(images, 'image', 'images') : null,
          ids > 0 ? count(ids, 'uploaded file', 'uploaded files') : null,
        ].filter(Boolean);
        return shown.length > 0 ? shown.join(', ') : 'none';
      }
      case 'overrides': {
        const platforms = Object.keys(value);
        return platforms.length > 0 ? `for ${platforms.join(', ')}` : 'none';
      }
      case 'thread':
        return count(value.length, 'part', 'parts');
      case 'firstComment':
        return typeof value.text === 'string' ? quoted(value.text) : 'set';
      default:
        return JSON.stringify(value);
    }
  }

  const changeItem = (change) =>
    el(
      'li',
      {},
      `${FIELD_NAMES[change.field] || change.field} ${valueText(change.field, change.from)} → ${valueText(change.field, change.to)}`,
    );

  const errorText = (error) => (error ? `: ${error.code}: ${error.message}` : '');

  /** What one event says, about the run it names when it names one. */
  function describe(event) {
    const run = event.runId ? event.data.runs.find((r) => r.id === event.runId) : null;
    const where = run ? `${run.platform} · ${run.accountId}` : 'a platform';
    switch (event.type) {
      case 'post.updated': {
        // Edits recorded before events said what changed carry no `changes` at all.
        const changes = event.changes;
        if (changes && changes.length === 0) {
          return ['Edited (nothing changed)'];
        }
        return [
          'Edited',
          changes ? el('ul', { class: 'history-changes' }, ...changes.map(changeItem)) : null,
        ];
      }
      case 'post.run.succeeded':
        return [`Published on ${where}`];
      case 'post.run.failed':
        return [
          el('span', { class: 'problem' }, `Failed on ${where}${errorText(run && run.error)}`),
        ];
      case 'post.run.part_failed': {
        const part = run && (run.parts || []).find((p) => p.position === event.partPosition);
        return [
          el(
            'span',
            { class: 'problem' },
            `Part ${event.partPosition} failed on ${where}${errorText(part && part.error)}`,
          ),
        ];
      }
      case 'post.run.deleted':
        return [`Deleted from ${where}`];
      case 'post.run.delete_failed':
        return [
          el(
            'span',
            { class: 'problem' },
            `Deletion failed on ${where}${errorText(run && run.deletion && run.deletion.error)}`,
          ),
        ];
      case 'post.completed':
        return [`Completed: ${words.OUTCOME_WORDS[event.data.outcome] || event.data.outcome}`];
      case 'post.cancelled':
        return ['Cancelled'];
      default:
        return [event.type];
    }
  }

  const entry = (iso, type, ...body) =>
    el('li', { class: 'history-entry', 'data-type': type }, time(iso), ' ', ...body);

  /** The History section of the post page: the post's creation, then its events. */
  function section(post, events) {
    return el(
      'section',
      { class: 'history', 'aria-labelledby': 'post-history-title' },
      el('h3', { id: 'post-history-title' }, 'History'),
      el(
        'ol',
        { class: 'history-list', role: 'list' },
        entry(post.createdAt, 'post.created', 'Created'),
        ...(events || []).map((event) => entry(event.createdAt, event.type, ...describe(event))),
      ),
      events ? null : el('p', { class: 'meta' }, 'Loading the history…'),
    );
  }

  return { read, section };
};
