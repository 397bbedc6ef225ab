// The composer: targets from the connected accounts, the text (with a tab of its own text per
// chosen platform), media, thread parts, a first comment and when. It checks the post with
// POST /v1/posts/validate while typing and before sending, then sends it once with an
// Idempotency-Key and opens the post's page. Loaded before console.js, which passes in its helpers.
'use strict';

window.sokuComposer = ({ $, api, el, say, guarded }) => {
  const CONTENT = 'body.post.content';
  const VALIDATE_AFTER_MS = 600;
  const fields = window.sokuComposerFields({ el });
  const { textLengthProblem } = window.sokuTextLength;
  const media = window.sokuComposerMedia({ $, api, el, say });
  const tabs = window.sokuComposerTabs({ $, el, counted: (field) => countField(field) });
  const form = $('composer-form');
  const general = $('composer-problems');
  let accounts = [];
  const counters = new Map();
  let validateTimer = null;
  let checks = 0;
  let draftKey = null;
  let sending = null;

  const chosenAccounts = () =>
    [...$('composer-accounts').querySelectorAll('input:checked')].map((box) => accounts[box.value]);
  const chosenPlatforms = () => [...new Set(chosenAccounts().map((account) => account.platform))];
  const hasOwnText = (platform) => Boolean(tabs.ownText(platform));

  function recount() {
    const platforms = chosenPlatforms();
    for (const [field, count] of counters) {
      if (!field.isConnected) {
        counters.delete(field);
      } else if (field.dataset.platform) {
        count([field.dataset.platform]);
      } else {
        count(field.id === 'composer-text' ? platforms.filter((p) => !hasOwnText(p)) : platforms);
      }
    }
  }

  function countField(field) {
    counters.set(field, fields.counter(field));
  }

  /** The draft changed: count it again, forget the key of the last one, check it in a while. */
  function changed() {
    draftKey = null;
    recount();
    window.clearTimeout(validateTimer);
    validateTimer = window.setTimeout(() => void guarded(() => check()), VALIDATE_AFTER_MS);
  }

  function showAccounts() {
    $('composer-accounts').replaceChildren(
      ...accounts.map((account, i) =>
        el(
          'label',
          { class: 'choice' },
          el('input', {
            type: 'checkbox',
            value: String(i),
            name: 'target',
            'data-platform': account.platform,
          }),
          ` ${tabs.nameOf(account.platform)} · ${account.displayName || account.handle || account.accountId}`,
          account.sandbox ? el('span', { class: 'meta' }, ' (sandbox)') : null,
        ),
      ),
    );
  }

  function addPart(value) {
    const list = $('composer-parts');
    const part = el('li', {}, el('label', {}, ''), el('textarea', { rows: '2' }));
    const remove = el('button', { type: 'button' }, 'Remove');
    remove.addEventListener('click', () => {
      part.remove();
      renumberParts();
      changed();
      $('composer-add-part').focus();
    });
    part.append(remove);
    part.querySelector('textarea').value = value || '';
    list.append(part);
    renumberParts();
    countField(part.querySelector('textarea'));
    return part.querySelector('textarea');
  }

  /** Part n answers to thread[n-1] in the API's paths. */
  function renumberParts() {
    [...$('composer-parts').children].forEach((part, i) => {
      const [label, text, remove] = [...part.querySelectorAll('label, textarea, button')];
      text.id = `composer-part-${i + 1}`;
      text.dataset.field = `${CONTENT}.thread[${i}].text`;
      label.setAttribute('for', text.id);
      label.textContent = `Part ${i + 2} of the thread`;
      remove.setAttribute('aria-label', `Remove part ${i + 2}`);
    });
  }

  /** This browser's UTC offset at that moment, as ISO 8601 writes it ("+01:00"). */
  function offsetAt(date) {
    const minutes = -date.getTimezoneOffset();
    const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
    return `${minutes < 0 ? '-' : '+'}${pad(minutes / 60)}:${pad(minutes % 60)}`;
  }

  /**
   * A datetime-local value ("2026-12-08T09:30") as ISO 8601 with the offset of that time; none
   * chosen stays empty, which the API refuses under the date field.
   */
  function withOffset(local) {
    if (!local) {
      return '';
    }
    return `${local.length === 16 ? `${local}:00` : local}${offsetAt(new Date(local))}`;
  }

  function body() {
    const content = {
      platform: chosenAccounts().map(({ platform, accountId }) => ({ platform, accountId })),
    };
    const text = $('composer-text').value;
    if (text) {
      content.text = text;
    }
    if (media.chosen().length > 0) {
      content.mediaIds = media.chosen();
    }
    const own = chosenPlatforms().filter(hasOwnText);
    if (own.length > 0) {
      content.platformOverrides = Object.fromEntries(
        own.map((p) => [p, { text: tabs.ownText(p) }]),
      );
    }
    const parts = [...$('composer-parts').querySelectorAll('textarea')].map((t) => t.value);
    if (parts.length > 0) {
      content.thread = parts.map((part) => ({ text: part }));
    }
    if ($('composer-fallback').value) {
      content.threadFallback = $('composer-fallback').value;
    }
    if ($('composer-first-comment').value) {
      content.firstComment = { text: $('composer-first-comment').value };
    }
    const later = $('composer-later').checked;
    return later
      ? { post: { content }, scheduledTime: withOffset($('composer-when').value) }
      : { post: { content } };
  }

  /**
   * The API names a target (`…platform[0]`) for a rule its text breaks; the text's own length
   * problem, the very message the API words (textLengthProblem), belongs under the text.
   */
  function placed(problem, draft) {
    const target = /^body\.post\.content\.platform\[(\d+)\]$/.exec(problem.field || '');
    const account = target && draft.post.content.platform[Number(target[1])];
    const text = draft.post.content.text || '';
    return account && problem.message === textLengthProblem(account.platform, text)
      ? { ...problem, field: `${CONTENT}.text` }
      : problem;
  }

  /** Every problem of the draft as {field, message}, from the dry run or its 400. */
  async function problemsOf(draft) {
    let problems;
    try {
      const result = await api('POST', '/v1/posts/validate', 'key', draft);
      problems = result.problems.flatMap((problem) =>
        problem.details && problem.details.length > 0 ? problem.details : [problem],
      );
    } catch (error) {
      if (error.status !== 400) {
        throw error;
      }
      problems = error.details && error.details.length > 0 ? error.details : [error];
    }
    return problems.map((problem) => placed(problem, draft));
  }

  /** Validates the draft and shows its problems, unless a newer check overtook this one. */
  async function check(draft = body()) {
    const mine = ++checks;
    const problems = await problemsOf(draft);
    if (mine === checks) {
      fields.showProblems(form, general, problems);
    }
    return problems;
  }

  function newKey() {
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return `console-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  async function send() {
    window.clearTimeout(validateTimer);
    const draft = body();
    const problems = await check(draft);
    if (problems.length > 0) {
      say('The post was not sent: fix the marked fields.');
      (form.querySelector('[aria-invalid="true"]') || general).focus();
      return;
    }
    // One key per draft: a second click, or a resend after a lost answer, replays the first post.
    draftKey = draftKey || newKey();
    say('Publishing…');
    const created = await api('POST', '/v1/posts', 'key', draft, { 'Idempotency-Key': draftKey });
    draftKey = null;
    reset();
    say(`Post ${created.postSubmissionId} created.`);
    // Its page (console-post.js) follows the runs; going back to the console reloads the lists.
    window.location.hash = `#post/${created.postSubmissionId}`;
  }

  function reset() {
    form.reset();
    tabs.clear();
    media.reset();
    $('composer-parts').replaceChildren();
    $('composer-when').disabled = true;
    tabs.show(chosenPlatforms());
    recount();
    fields.clearProblems(form, general);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!sending) {
      sending = guarded(send).finally(() => {
        sending = null;
      });
    }
  });
  form.addEventListener('input', (event) => {
    if (event.target.id !== 'composer-upload') {
      changed();
    }
  });
  $('composer-accounts').addEventListener('change', () => {
    tabs.show(chosenPlatforms());
    changed();
  });
  $('composer-add-part').addEventListener('click', () => {
    addPart('').focus();
    changed();
  });
  for (const choice of form.querySelectorAll('input[name="when"]')) {
    choice.addEventListener('change', () => {
      $('composer-when').disabled = !$('composer-later').checked;
    });
  }
  $('composer-upload').addEventListener('change', () => {
    const [file] = $('composer-upload').files;
    if (file) {
      void guarded(() => media.upload(file)).finally(() => {
        $('composer-upload').value = '';
      });
    }
  });
  media.watch(changed);
  countField($('composer-text'));
  countField($('composer-first-comment'));
  $('composer-zone').textContent =
    `your time, ${Intl.DateTimeFormat().resolvedOptions().timeZone}, UTC${offsetAt(new Date())}`;

  async function load() {
    ({ integrations: accounts } = await api('GET', '/v1/integrations', 'key'));
    showAccounts();
    tabs.show(chosenPlatforms());
    recount();
    await media.load();
  }

  return { load };
};
