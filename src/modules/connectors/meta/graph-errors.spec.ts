import { classifyGraphError } from './graph-errors';

const none = new Headers();
const err = (code: number, error_subcode?: number, extra: object = {}) => ({
  message: 'msg',
  type: 'OAuthException',
  code,
  error_subcode,
  ...extra,
});

describe('classifyGraphError', () => {
  it('should treat 190 (any subcode), 102, 10 and 200-299 as auth', () => {
    for (const [code, sub] of [[190, 463], [190, 460], [102], [10], [200], [299]]) {
      expect(classifyGraphError(400, err(code, sub), none, 'Instagram').kind).toBe('auth');
    }
  });

  it('should defer the Instagram publishing limit and throttling to the window end', () => {
    const limit = classifyGraphError(400, err(9, 2207042), none, 'Instagram');
    expect(limit).toMatchObject({ kind: 'deferred', code: 'quota_exceeded' });
    expect(limit.retryAfterMs).toBe(24 * 3_600_000);
    const buc = new Headers({
      'x-business-use-case-usage': JSON.stringify({
        '1001': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 7 }],
      }),
    });
    expect(classifyGraphError(400, err(32), buc, 'Facebook')).toMatchObject({
      kind: 'deferred',
      code: 'rate_limited',
      retryAfterMs: 7 * 60_000,
    });
    const app = new Headers({ 'x-app-usage': '{"call_count":100,"total_time":20}' });
    expect(classifyGraphError(400, err(4), app, 'Facebook').retryAfterMs).toBe(3_600_000);
  });

  it('should retry transient answers', () => {
    expect(classifyGraphError(500, err(2), none, 'Threads').kind).toBe('retryable');
    expect(classifyGraphError(400, err(100, 33, { is_transient: true }), none, 'X').kind).toBe(
      'retryable',
    );
    expect(classifyGraphError(400, err(-1, 2207052), none, 'Instagram').kind).toBe('retryable');
    expect(classifyGraphError(502, undefined, none, 'Facebook').kind).toBe('retryable');
  });

  it('should fail validation with a stable code and the platform words', () => {
    expect(
      classifyGraphError(
        400,
        err(506, undefined, { message: 'Duplicate status message' }),
        none,
        'Facebook',
      ),
    ).toMatchObject({
      kind: 'permanent',
      code: 'duplicate_content',
      message: 'Facebook: (#506) Duplicate status message',
    });
    expect(
      classifyGraphError(
        400,
        err(36003, 2207009, { error_user_msg: 'The aspect ratio is not supported.' }),
        none,
        'Instagram',
      ),
    ).toMatchObject({
      kind: 'permanent',
      code: 'invalid_aspect_ratio',
      message: 'Instagram: (#36003/2207009) The aspect ratio is not supported.',
    });
    expect(classifyGraphError(400, err(100), none, 'Facebook')).toMatchObject({
      kind: 'permanent',
      code: 'platform_rejected',
    });
  });

  it('should read spam restriction (4 / 2207051) before code 4 is taken as throttling', () => {
    const spam = classifyGraphError(
      400,
      err(4, 2207051, {
        error_user_msg:
          'We restrict certain activity to protect our community. Tell us if you think we made a mistake.',
      }),
      none,
      'Instagram',
    );
    expect(spam).toMatchObject({
      kind: 'permanent',
      code: 'account_restricted',
      message:
        'Instagram: (#4/2207051) We restrict certain activity to protect our community. Tell us if you think we made a mistake.',
    });
    expect(classifyGraphError(400, err(4), none, 'Instagram').kind).toBe('deferred');
  });

  it('should retry 2207032 and 2207053 with a new container, not fail them', () => {
    for (const subcode of [2207032, 2207053]) {
      expect(classifyGraphError(400, err(-1, subcode), none, 'Instagram')).toMatchObject({
        kind: 'retryable',
        code: 'container_failed',
      });
    }
  });

  it('should not repeat the code Meta already put in front of its message', () => {
    const body = err(506, undefined, { message: '(#506) Duplicate status message' });
    expect(classifyGraphError(400, body, none, 'Facebook').message).toBe(
      'Facebook: (#506) Duplicate status message',
    );
  });
});
