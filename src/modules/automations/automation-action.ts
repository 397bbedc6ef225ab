import type { FieldProblem } from '../../common/errors';
import { parseTargets } from '../posts';
import { ASPECT_RATIOS, type AspectRatio } from '../templates';
import { unknownPlaceholders } from './text-template';

export const ACTION_TYPES = ['repost', 'repurpose', 'webhook'] as const;
export const TRANSFORMS = ['template', 'transcription'] as const;

/** Placeholders every text template may use: the published post's text, URL and platform. */
export const POST_PLACEHOLDERS = ['text', 'url', 'platform'] as const;
/** A transcription's text templates may also use the transcript. */
export const TRANSCRIPT_PLACEHOLDERS = [...POST_PLACEHOLDERS, 'transcript'] as const;

const MAX_TEMPLATE = 5000;

/** Publish the same content elsewhere, the text optionally rewritten by `textTemplate`. */
export interface RepostAction {
  type: 'repost';
  platform: unknown;
  textTemplate?: string;
}

/** Render a template (placeholders in its string config values) and publish it as an image. */
export interface TemplateRepurposeAction {
  type: 'repurpose';
  transform: 'template';
  platform: unknown;
  templateSlug: string;
  templateConfig: Record<string, unknown>;
  aspectRatio?: AspectRatio;
  textTemplate?: string;
}

/** Transcribe the post's video or audio (charged in credits) and publish the transcript. */
export interface TranscriptionRepurposeAction {
  type: 'repurpose';
  transform: 'transcription';
  platform: unknown;
  language?: string;
  textTemplate?: string;
}

/** Send the event to one of your webhook endpoints (signed and retried like any delivery). */
export interface WebhookAction {
  type: 'webhook';
  webhookId: string;
}

export type AutomationAction =
  RepostAction | TemplateRepurposeAction | TranscriptionRepurposeAction | WebhookAction;

type Raw = Record<string, unknown>;

const ALLOWED_KEYS: Record<string, string[]> = {
  repost: ['type', 'platform', 'textTemplate'],
  template: [
    'type',
    'transform',
    'platform',
    'templateSlug',
    'templateConfig',
    'aspectRatio',
    'textTemplate',
  ],
  transcription: ['type', 'transform', 'platform', 'language', 'textTemplate'],
  webhook: ['type', 'webhookId'],
};

/**
 * Checks an action's shape (what a decorator cannot express for a union): every problem with its
 * path, or the action. That the template and the webhook exist is the service's to check.
 */
export function parseAction(
  raw: unknown,
  field: string,
): { action?: AutomationAction; problems: FieldProblem[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { problems: [problem(field, 'Expected an object', 'invalid_type', raw)] };
  }
  const body = raw as Raw;
  if (!ACTION_TYPES.includes(body.type as never)) {
    return {
      problems: [
        problem(
          `${field}.type`,
          `Expected one of: ${ACTION_TYPES.join(', ')}`,
          'invalid_enum_value',
          body.type,
        ),
      ],
    };
  }
  if (body.type === 'repurpose' && !TRANSFORMS.includes(body.transform as never)) {
    return {
      problems: [
        problem(
          `${field}.transform`,
          `Expected one of: ${TRANSFORMS.join(', ')}`,
          'invalid_enum_value',
          body.transform,
        ),
      ],
    };
  }
  const kind = body.type === 'repurpose' ? (body.transform as string) : (body.type as string);
  const problems: FieldProblem[] = Object.keys(body)
    .filter((key) => !ALLOWED_KEYS[kind].includes(key))
    .map((key) =>
      problem(`${field}.${key}`, `Not a field of a ${kind} action`, 'unrecognized_key'),
    );
  if (kind === 'webhook') {
    if (typeof body.webhookId !== 'string') {
      problems.push(
        problem(
          `${field}.webhookId`,
          'Expected the id of one of your webhooks',
          'invalid_type',
          body.webhookId,
        ),
      );
    }
    return finish(problems, { type: 'webhook', webhookId: body.webhookId as string });
  }
  problems.push(...parseTargets(body.platform, `${field}.platform`).problems);
  const placeholders = kind === 'transcription' ? TRANSCRIPT_PLACEHOLDERS : POST_PLACEHOLDERS;
  problems.push(
    ...templateProblems(body.textTemplate, `${field}.textTemplate`, placeholders, true),
  );
  if (kind === 'repost') {
    return finish(problems, {
      type: 'repost',
      platform: body.platform,
      ...optional(body, 'textTemplate'),
    });
  }
  if (kind === 'transcription') {
    if (
      body.language !== undefined &&
      !(typeof body.language === 'string' && /^[a-z]{2}$/.test(body.language))
    ) {
      problems.push(
        problem(
          `${field}.language`,
          'Expected an ISO 639-1 code: two lowercase letters',
          'invalid_string',
          body.language,
        ),
      );
    }
    return finish(problems, {
      type: 'repurpose',
      transform: 'transcription',
      platform: body.platform,
      ...optional(body, 'language', 'textTemplate'),
    });
  }
  if (typeof body.templateSlug !== 'string' || body.templateSlug === '') {
    problems.push(
      problem(
        `${field}.templateSlug`,
        'Expected a template slug (GET /v1/templates)',
        'invalid_type',
        body.templateSlug,
      ),
    );
  }
  const config = body.templateConfig ?? {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    problems.push(problem(`${field}.templateConfig`, 'Expected an object', 'invalid_type', config));
  } else {
    for (const [key, value] of Object.entries(config)) {
      problems.push(
        ...templateProblems(value, `${field}.templateConfig.${key}`, POST_PLACEHOLDERS, false),
      );
    }
  }
  if (body.aspectRatio !== undefined && !ASPECT_RATIOS.includes(body.aspectRatio as never)) {
    problems.push(
      problem(
        `${field}.aspectRatio`,
        `Expected one of: ${ASPECT_RATIOS.join(', ')}`,
        'invalid_enum_value',
        body.aspectRatio,
      ),
    );
  }
  return finish(problems, {
    type: 'repurpose',
    transform: 'template',
    platform: body.platform,
    templateSlug: body.templateSlug as string,
    templateConfig: config as Record<string, unknown>,
    ...optional(body, 'aspectRatio', 'textTemplate'),
  });
}

function templateProblems(
  value: unknown,
  field: string,
  known: readonly string[],
  mustBeString: boolean,
): FieldProblem[] {
  if (value === undefined || (!mustBeString && typeof value !== 'string')) {
    return [];
  }
  if (typeof value !== 'string' || value.length > MAX_TEMPLATE) {
    return [
      problem(
        field,
        `Expected a string of at most ${MAX_TEMPLATE} characters`,
        'invalid_type',
        value,
      ),
    ];
  }
  const unknown = unknownPlaceholders(value, known);
  return unknown.length === 0
    ? []
    : [
        problem(
          field,
          `Unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(', ')}: use ${known.map((name) => `{{${name}}}`).join(', ')}`,
          'invalid_template',
          value,
        ),
      ];
}

function optional(body: Raw, ...keys: string[]): Raw {
  return Object.fromEntries(
    keys.filter((key) => body[key] !== undefined).map((key) => [key, body[key]]),
  );
}

function finish(problems: FieldProblem[], action: AutomationAction) {
  return problems.length > 0 ? { problems } : { action, problems };
}

function problem(field: string, message: string, code: string, received?: unknown): FieldProblem {
  return received === undefined ? { field, message, code } : { field, message, code, received };
}
