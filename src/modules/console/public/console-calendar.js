// The console's calendar: a month or a week of posts at their scheduled (or published) time,
// as an ARIA grid of days. A scheduled post moves to another day by drag and drop, or from the
// keyboard through its Reschedule form, both through PATCH /v1/posts/:id {scheduledTime}.
'use strict';

window.sokuConsoleCalendar = ({ $, api, el, say, guarded, words }) => {
  const PAGE = 100;
  const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const { startOfDay, addDays, dayKey, localInput, sameTimeOn, title } = window.sokuCalendarDays;
  const state = { view: 'month', anchor: startOfDay(new Date()), posts: [], focusDay: null };
  const shownDays = () => window.sokuCalendarDays.shownDays(state.view, state.anchor);

  /** A scheduled post whose runs have not started: the only kind PATCH accepts. */
  const movable = (post) =>
    post.status === 'queued' && post.runs.every((run) => run.status === 'queued');

  /** Where the calendar puts a post: when its first run published, else its scheduled time. */
  function shownTime(post) {
    const published = post.runs
      .filter((run) => run.status === 'succeeded' && run.finishedAt)
      .map((run) => Date.parse(run.finishedAt));
    return new Date(published.length > 0 ? Math.min(...published) : post.scheduledTime);
  }

  function statusWords(post) {
    if (post.outcome === 'pending') {
      return movable(post) ? 'Scheduled' : 'Publishing';
    }
    return words.OUTCOME_WORDS[post.outcome] || post.outcome;
  }

  /** Every post scheduled in the shown days (and the day before: published a little later). */
  async function fetchPosts(days) {
    const query = new URLSearchParams({
      limit: String(PAGE),
      scheduledFrom: addDays(days[0], -1).toISOString(),
      scheduledTo: addDays(days[days.length - 1], 1).toISOString(),
    });
    const posts = [];
    for (;;) {
      const { data, nextCursor } = await api('GET', `/v1/posts?${query}`, 'key');
      posts.push(...data);
      if (!nextCursor) {
        return posts;
      }
      query.set('cursor', nextCursor);
    }
  }

  function rescheduleForm(post, chip) {
    const id = `reschedule-${post.id}`;
    const input = el('input', {
      id,
      type: 'datetime-local',
      required: 'required',
      value: localInput(new Date(post.scheduledTime)),
    });
    const form = el(
      'form',
      { class: 'cal-reschedule' },
      el('label', { for: id }, 'New time'),
      input,
      el('button', { type: 'submit' }, 'Save'),
      el('button', { type: 'button', class: 'cal-cancel' }, 'Cancel'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void guarded(() => reschedule(post, new Date(input.value)));
    });
    form.querySelector('.cal-cancel').addEventListener('click', () => {
      form.remove();
      chip.querySelector('.cal-open-reschedule').focus();
    });
    return form;
  }

  function postChip(post) {
    const time = shownTime(post);
    const clock = time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const text = typeof post.content.text === 'string' ? post.content.text : '';
    const canMove = movable(post);
    const chip = el(
      'article',
      {
        class: `cal-post cal-${canMove ? 'scheduled' : post.outcome}`,
        'data-post-id': post.id,
        'aria-label': `${statusWords(post)} post at ${clock}`,
      },
      el(
        'p',
        { class: 'cal-when' },
        el('time', { datetime: time.toISOString() }, clock),
        ' ',
        el('span', { class: 'cal-status' }, statusWords(post)),
      ),
      el(
        'p',
        { class: 'cal-badges' },
        ...[...new Set(post.runs.map((run) => run.platform))]
          .sort()
          .flatMap((platform) => [el('span', { class: 'badge' }, platform), ' ']),
      ),
      text
        ? el('p', { class: 'cal-text' }, text.length > 60 ? `${text.slice(0, 60)}…` : text)
        : null,
      el(
        'p',
        { class: 'cal-actions' },
        el(
          'a',
          { href: `#post/${post.id}` },
          'Details',
          el('span', { class: 'visually-hidden' }, ` of the ${time.toLocaleString()} post`),
        ),
      ),
    );
    if (canMove) {
      chip.draggable = true;
      chip.addEventListener('dragstart', (event) => {
        event.dataTransfer.setData('text/plain', post.id);
        event.dataTransfer.effectAllowed = 'move';
      });
      const open = el('button', { type: 'button', class: 'cal-open-reschedule' }, 'Reschedule');
      open.addEventListener('click', () => {
        if (!chip.querySelector('form')) {
          chip.append(rescheduleForm(post, chip));
        }
        chip.querySelector('input').focus();
      });
      chip.querySelector('.cal-actions').append(' ', open);
    }
    return chip;
  }

  /** PATCHes the new time; the post moves at once and snaps back if the API refuses. */
  async function reschedule(post, when) {
    if (Number.isNaN(when.getTime())) {
      throw new Error('Enter a date and time to reschedule the post.');
    }
    const path = `/v1/posts/${encodeURIComponent(post.id)}`;
    const item = document.querySelector(`#calendar-grid [data-post-id="${post.id}"]`).closest('li');
    const home = item.parentElement;
    const target = document.querySelector(`#calendar-grid [data-day="${dayKey(when)}"] .cal-posts`);
    if (target) {
      target.append(item);
    }
    try {
      const updated = await api(
        'PATCH',
        path,
        'key',
        { scheduledTime: when.toISOString() },
        // A fresh key per move: a derived one would replay an earlier move to this same time.
        {
          'Idempotency-Key': `console-${window.crypto.getRandomValues(new Uint32Array(4)).join('-')}`,
        },
      );
      state.focusDay = dayKey(when);
      const moved = redraw(updated);
      say(`Rescheduled to ${new Date(updated.scheduledTime).toLocaleString()}.`);
      moved.querySelector('button').focus();
    } catch (error) {
      home.append(item);
      say(`Not rescheduled: ${error.message}`);
      // A 409: the post started publishing or was cancelled behind the calendar; show it as it
      // is now. The refusal stays what is reported, so a failed read here is left unsaid.
      const now = error.status === 409 ? await api('GET', path, 'key').catch(() => null) : null;
      (now ? redraw(now) : item.firstChild).classList.add('cal-refused');
      throw error;
    }
  }

  /** Puts the API's answer for a post in place of what the calendar had; returns its chip. */
  function redraw(post) {
    state.posts = state.posts.map((p) => (p.id === post.id ? post : p));
    render();
    return document.querySelector(`#calendar-grid [data-post-id="${post.id}"]`);
  }

  function dayCell(day, posts, today) {
    const key = dayKey(day);
    const outside = state.view === 'month' && day.getMonth() !== state.anchor.getMonth();
    const cell = el(
      'td',
      {
        role: 'gridcell',
        'data-day': key,
        tabindex: key === state.focusDay ? '0' : '-1',
        class: `${outside ? 'cal-outside' : ''}${key === today ? ' cal-today' : ''}`,
      },
      el(
        'p',
        { class: 'cal-date' },
        el('span', { 'aria-hidden': 'true' }, String(day.getDate())),
        el(
          'span',
          { class: 'visually-hidden' },
          day.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' }),
        ),
      ),
      el('ul', { class: 'cal-posts' }, ...posts.map((post) => el('li', {}, postChip(post)))),
    );
    cell.addEventListener('dragover', (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
    });
    cell.addEventListener('drop', (event) => {
      event.preventDefault();
      const id = event.dataTransfer.getData('text/plain');
      const post = state.posts.find((p) => p.id === id);
      if (!post || !movable(post) || key === dayKey(new Date(post.scheduledTime))) {
        return;
      }
      void guarded(() => reschedule(post, sameTimeOn(day, new Date(post.scheduledTime))));
    });
    return cell;
  }

  function render() {
    const days = shownDays();
    const today = dayKey(new Date());
    const keys = days.map(dayKey);
    if (!keys.includes(state.focusDay)) {
      state.focusDay = keys.includes(today) ? today : keys[0];
    }
    const byDay = new Map(keys.map((key) => [key, []]));
    for (const post of [...state.posts].sort((a, b) => shownTime(a) - shownTime(b))) {
      const list = byDay.get(dayKey(shownTime(post)));
      if (list) {
        list.push(post);
      }
    }
    const heading = title(state.view, state.anchor, days);
    $('calendar-title').textContent = heading;
    const cells = days.map((day) => dayCell(day, byDay.get(dayKey(day)), today));
    const rows = [];
    while (cells.length > 0) {
      rows.push(el('tr', { role: 'row' }, ...cells.splice(0, 7)));
    }
    $('calendar-grid').replaceChildren(
      el('caption', { class: 'visually-hidden' }, `Posts, ${heading}`),
      window.sokuConsoleTableHead(el, WEEKDAYS),
      el('tbody', { role: 'rowgroup' }, ...rows),
    );
    $('calendar-grid').dataset.view = state.view;
    for (const button of document.querySelectorAll('#calendar [data-view-choice]')) {
      button.setAttribute('aria-pressed', String(button.dataset.viewChoice === state.view));
    }
  }

  async function load() {
    state.posts = await fetchPosts(shownDays());
    render();
  }

  function step(direction) {
    const a = state.anchor;
    state.anchor =
      state.view === 'month'
        ? new Date(a.getFullYear(), a.getMonth() + direction, 1)
        : addDays(a, 7 * direction);
    return load();
  }

  $('calendar-previous').addEventListener('click', () => guarded(() => step(-1)));
  $('calendar-next').addEventListener('click', () => guarded(() => step(1)));
  $('calendar-today').addEventListener('click', () =>
    guarded(() => {
      state.anchor = startOfDay(new Date());
      return load();
    }),
  );
  for (const button of document.querySelectorAll('#calendar [data-view-choice]')) {
    button.addEventListener('click', () =>
      guarded(() => {
        state.view = button.dataset.viewChoice;
        return load();
      }),
    );
  }
  $('calendar-grid').addEventListener('keydown', (event) => {
    const cells = [...document.querySelectorAll('#calendar-grid [role="gridcell"]')];
    const moved = window.sokuCalendarDays.moveFocus(event, cells);
    if (moved) {
      state.focusDay = moved.dataset.day;
    }
  });

  return { load };
};
