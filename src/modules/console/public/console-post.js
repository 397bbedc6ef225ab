// A post's page (#post/<id>): every run with its error, parts and deletion, retry and delete
// from the networks, and each run's metrics as a chart. While something is still moving (a run
// publishing, a deletion pending) the page reads the post again every few seconds.
'use strict';

window.sokuConsolePost = ({ $, api, el, when, say, guarded, words, refresh }) => {
  const REFRESH_MS = 1500;
  const DELETION_WORDS = {
    pending: 'deletion pending',
    deleted: 'deleted from the network',
    failed: 'deletion failed',
    unsupported: 'cannot be deleted there',
  };
  const charts = window.sokuConsoleChart({ el });
  const history = window.sokuConsoleHistory({ api, el, words });
  let shown = null;
  let timer = null;

  const postIdInHash = () => {
    const match = /^#post\/([0-9a-f-]{36})$/i.exec(window.location.hash);
    return match ? match[1] : null;
  };
  const errorText = (error) => `${error.code}: ${error.message}`;
  const field = (name, ...value) => [el('dt', {}, name), el('dd', {}, ...value)];
  const link = (url, label) =>
    url ? el('a', { href: url, rel: 'noopener noreferrer' }, label) : '—';

  function partsTable(run) {
    return el(
      'table',
      { class: 'stacked', role: 'table' },
      el('caption', {}, `Parts on ${run.platform}`),
      window.sokuConsoleTableHead(el, ['Position', 'Kind', 'Status', 'Link', 'Error']),
      el(
        'tbody',
        { role: 'rowgroup' },
        ...run.parts.map((part) =>
          el(
            'tr',
            { role: 'row', 'data-position': String(part.position) },
            el('td', { role: 'cell', 'data-label': 'Position' }, String(part.position)),
            el('td', { role: 'cell', 'data-label': 'Kind' }, part.kind),
            el(
              'td',
              { role: 'cell', 'data-label': 'Status', class: `state-${part.status}` },
              words.RUN_WORDS[part.status] || part.status,
            ),
            el(
              'td',
              { role: 'cell', 'data-label': 'Link' },
              link(part.url, `View part ${part.position}`),
            ),
            el(
              'td',
              { role: 'cell', 'data-label': 'Error' },
              part.error ? errorText(part.error) : '—',
            ),
          ),
        ),
      ),
    );
  }

  function metricsOf(run, analytics) {
    const label = `${run.platform} · ${run.accountId}`;
    const figures = analytics && analytics.runs.find((r) => r.runId === run.id);
    if (figures && figures.series.length > 0) {
      return charts.chart(label, figures.series);
    }
    if (figures && figures.unavailable) {
      return el('p', { class: 'meta' }, `Metrics unavailable: ${figures.unavailable.reason}`);
    }
    return el(
      'p',
      { class: 'meta' },
      run.status === 'succeeded' ? 'No metrics read yet.' : 'No metrics: not published.',
    );
  }

  function runSection(run, analytics) {
    const details = [
      ...field(
        'Status',
        el('span', { class: `state-${run.status}` }, words.RUN_WORDS[run.status] || run.status),
      ),
      ...field('Attempts', String(run.attempts)),
      ...field('Post', link(run.url, `View on ${run.platform}`)),
    ];
    if (run.error) {
      details.push(...field('Error', el('span', { class: 'problem' }, errorText(run.error))));
    }
    if (run.nextAttemptAt) {
      details.push(...field('Next attempt', when(run.nextAttemptAt)));
    }
    if (run.finishedAt) {
      details.push(...field('Finished', when(run.finishedAt)));
    }
    if (run.partial) {
      details.push(...field('Parts', 'a part failed after the post went out'));
    }
    if (run.deletion) {
      const deletion = el(
        'span',
        { class: `deletion-${run.deletion.status}` },
        DELETION_WORDS[run.deletion.status] || run.deletion.status,
        ` · ${when(run.deletion.at)}`,
      );
      if (run.deletion.error) {
        deletion.append(el('span', { class: 'meta' }, ` · ${errorText(run.deletion.error)}`));
      }
      details.push(...field('Deletion', deletion));
    }
    return el(
      'article',
      { class: 'run-page', 'data-run-id': run.id, 'aria-labelledby': `run-${run.id}` },
      el('h3', { id: `run-${run.id}` }, `${run.platform} · ${run.accountId}`),
      el('dl', { class: 'fields' }, ...details),
      run.parts && run.parts.length > 0 ? partsTable(run) : null,
      el('h4', {}, 'Metrics'),
      metricsOf(run, analytics),
    );
  }

  function actions(post) {
    const bar = el('div', { class: 'post-actions' });
    const failed = post.runs.filter((run) => run.status === 'failed');
    if (failed.length > 0) {
      const retry = el(
        'button',
        { type: 'button' },
        `Retry ${failed.map((run) => run.platform).join(', ')}`,
      );
      retry.addEventListener('click', () =>
        guarded(async () => {
          render(await api('POST', `/v1/posts/${encodeURIComponent(post.id)}/retry`, 'key'), null);
          say('Retrying the failed platforms.');
        }),
      );
      bar.append(retry);
    }
    // Deleted and undeletable runs are settled; a failed deletion can be asked again.
    const deletable = post.runs.filter(
      (run) => run.status === 'succeeded' && (!run.deletion || run.deletion.status === 'failed'),
    );
    if (deletable.length > 0) {
      const remove = el(
        'button',
        { type: 'button', 'aria-expanded': 'false' },
        'Delete from networks…',
      );
      const confirm = el(
        'div',
        { class: 'confirm', role: 'group', 'aria-label': 'Confirm deletion', hidden: 'hidden' },
        el(
          'p',
          {},
          'Delete this post from every network that allows it? The post stays readable here.',
        ),
        el('button', { type: 'button', class: 'danger' }, 'Yes, delete from networks'),
        el('button', { type: 'button' }, 'Keep it'),
      );
      const [yes, keep] = confirm.querySelectorAll('button');
      remove.addEventListener('click', () => {
        confirm.hidden = false;
        remove.setAttribute('aria-expanded', 'true');
        keep.focus();
      });
      keep.addEventListener('click', () => {
        confirm.hidden = true;
        remove.setAttribute('aria-expanded', 'false');
        remove.focus();
      });
      yes.addEventListener('click', () =>
        guarded(async () => {
          const path = `/v1/posts/${encodeURIComponent(post.id)}/published`;
          render(await api('DELETE', path, 'key'), null);
          say('Deleting from the networks.');
          $('post-title').focus();
        }),
      );
      bar.append(remove, confirm);
    }
    return bar;
  }

  /** Something the worker will still change: a run publishing or a deletion pending. */
  const moving = (post) =>
    post.runs.some(
      (run) =>
        (run.status === 'queued' && post.status !== 'queued') ||
        run.status === 'processing' ||
        (run.deletion && run.deletion.status === 'pending') ||
        (run.parts || []).some((part) => part.status === 'queued' || part.status === 'processing'),
    );

  let lastAnalytics = null;
  let lastEvents = null;
  function render(post, analytics, events) {
    if (analytics) {
      lastAnalytics = analytics;
    }
    if (events) {
      lastEvents = events;
    }
    const text = typeof post.content.text === 'string' ? post.content.text : '';
    const outcome = words.OUTCOME_WORDS[post.outcome] || post.outcome;
    $('post-title').textContent = `Post: ${outcome}`;
    const summary = [
      ...field('Submission', el('code', {}, post.id)),
      ...field('Scheduled', when(post.scheduledTime)),
      ...field('Created', when(post.createdAt)),
      // updatedAt moves with each edit and each status change; the History says which.
      ...field('Last updated', when(post.updatedAt)),
    ];
    if (text) {
      summary.push(...field('Text', text));
    }
    const { thread, firstComment } = post.content;
    if (Array.isArray(thread) && thread.length > 0) {
      const parts = thread.map((part) => el('li', {}, String(part.text)));
      summary.push(...field('Thread', el('ol', { class: 'thread-texts' }, ...parts)));
    }
    if (firstComment && typeof firstComment.text === 'string') {
      summary.push(...field('First comment', firstComment.text));
    }
    $('post-body').replaceChildren(
      el('dl', { class: 'fields' }, ...summary),
      actions(post),
      el('h3', { class: 'visually-hidden' }, 'Runs'),
      ...post.runs.map((run) => runSection(run, lastAnalytics)),
      history.section(post, lastEvents),
    );
    window.clearTimeout(timer);
    if (moving(post)) {
      timer = window.setTimeout(() => void guarded(() => read(post.id)), REFRESH_MS);
    }
  }

  async function read(id) {
    const path = `/v1/posts/${encodeURIComponent(id)}`;
    const [post, analytics, events] = await Promise.all([
      api('GET', path, 'key'),
      api('GET', `${path}/analytics`, 'key'),
      history.read(id),
    ]);
    if (shown === id) {
      render(post, analytics, events);
    }
  }

  /** Shows the post the address names, or the console itself when it names none. */
  async function show() {
    const id = postIdInHash();
    const left = shown !== null && !id;
    window.clearTimeout(timer);
    shown = id;
    $('post-page').hidden = !id;
    if (id) {
      $('dashboard').dataset.view = 'post';
    } else {
      delete $('dashboard').dataset.view;
      // The section the address names was hidden behind the post page when the browser looked.
      const section =
        window.location.hash && document.getElementById(window.location.hash.slice(1));
      if (section) {
        section.scrollIntoView();
      }
      // A retry or a deletion on the post page changed what the list and the calendar show.
      if (left) {
        await refresh();
      }
      return;
    }
    $('post-body').replaceChildren(el('p', {}, 'Loading…'));
    lastAnalytics = null;
    lastEvents = null;
    await read(id);
    $('post-title').focus();
  }

  window.addEventListener('hashchange', () => void guarded(show));
  return { show };
};
