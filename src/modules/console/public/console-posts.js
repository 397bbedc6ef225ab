// The console's posts: newest first, ten at a time, each led by its outcome in words, with a
// retry of the failed platforms. Loaded before console.js, which passes in its helpers.
'use strict';

window.sokuConsolePosts = ({ $, api, el, when, say, guarded }) => {
  const POSTS_PER_PAGE = 10;
  // A person reads what happened to the post; the API's pipeline words are for programs.
  const OUTCOME_WORDS = {
    succeeded: 'Published',
    partial: 'Partly published',
    failed: 'Not published',
    pending: 'In progress',
    cancelled: 'Cancelled',
  };
  const RUN_WORDS = {
    queued: 'waiting',
    processing: 'publishing',
    succeeded: 'published',
    failed: 'failed',
    cancelled: 'cancelled',
  };
  let postsCursor = null;

  function runItem(run) {
    const item = el(
      'li',
      {},
      `${run.platform} · ${run.accountId}: `,
      el('span', { class: `state-${run.status}` }, RUN_WORDS[run.status] || run.status),
    );
    if (run.url) {
      item.append(' · ', el('a', { href: run.url, rel: 'noopener noreferrer' }, 'View post'));
    }
    if (run.error) {
      item.append(el('div', { class: 'problem' }, `${run.error.code}: ${run.error.message}`));
    }
    return item;
  }

  /** What happened to the post first ("Published on 2 of 2 platforms"), then when. */
  function postSummary(post) {
    const published = post.runs.filter((run) => run.status === 'succeeded').length;
    const words = OUTCOME_WORDS[post.outcome] || post.outcome;
    const counted =
      post.outcome === 'pending' || post.outcome === 'cancelled'
        ? words
        : `${words} on ${published} of ${post.runs.length} platform${post.runs.length === 1 ? '' : 's'}`;
    return el(
      'div',
      {},
      el('strong', { class: `state-${post.outcome}` }, counted),
      ` · ${when(post.createdAt)}`,
    );
  }

  function postItem(post) {
    const text = typeof post.content.text === 'string' ? post.content.text : '';
    const item = el(
      'li',
      { 'data-post-id': post.id },
      postSummary(post),
      text ? el('div', {}, text.length > 140 ? `${text.slice(0, 140)}…` : text) : null,
      el(
        'div',
        { class: 'meta' },
        `Submission ${post.id} · `,
        el('a', { href: `#post/${post.id}` }, 'Details'),
      ),
      el('ul', { class: 'runs', 'aria-label': 'Platforms' }, ...post.runs.map(runItem)),
    );
    const failed = post.runs.filter((run) => run.status === 'failed');
    if (failed.length > 0) {
      const label = `Retry ${failed.map((run) => run.platform).join(', ')}`;
      const retry = el('button', { type: 'button' }, label);
      retry.addEventListener('click', () => guarded(() => retryPost(post.id, item)));
      item.append(retry);
    }
    return item;
  }

  /** POST /v1/posts/:id/retry re-queues the failed runs; the post is redrawn from its answer. */
  async function retryPost(id, item) {
    const post = await api('POST', `/v1/posts/${encodeURIComponent(id)}/retry`, 'key');
    item.replaceWith(postItem(post));
    const queued = post.runs.filter((run) => run.status !== 'succeeded' && run.status !== 'failed');
    say(`Retrying ${queued.map((run) => run.platform).join(', ') || 'the failed platforms'}.`);
  }

  /** The newest page, or (`older`) the page after the last one shown. */
  async function load(older) {
    const query = new URLSearchParams({ limit: String(POSTS_PER_PAGE) });
    if (older && postsCursor) {
      query.set('cursor', postsCursor);
    }
    const { data, nextCursor } = await api('GET', `/v1/posts?${query}`, 'key');
    postsCursor = nextCursor;
    $('older-posts').hidden = !nextCursor;
    const list = $('posts-list');
    const items = data.map(postItem);
    if (older) {
      list.append(...items);
    } else {
      list.replaceChildren(...items);
    }
    if (!older && data.length === 0) {
      list.append(el('li', {}, 'No posts yet.'));
    }
    return data.length;
  }

  return { load, OUTCOME_WORDS, RUN_WORDS };
};
