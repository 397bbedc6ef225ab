import { classifyXError, xRetryAfterMs } from './x-errors';

const none = new Headers();

describe('classifyXError', () => {
  it('should treat 401 and unsupported authentication as auth', () => {
    expect(
      classifyXError(401, { title: 'Unauthorized', status: 401, detail: 'Unauthorized' }, none),
    ).toMatchObject({ kind: 'auth', code: 'token_rejected', message: 'X: Unauthorized' });
    expect(
      classifyXError(403, { title: 'Unsupported Authentication', status: 403 }, none).kind,
    ).toBe('auth');
  });

  it('should defer a 429 to x-rate-limit-reset', () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    const error = classifyXError(
      429,
      { title: 'Too Many Requests', detail: 'Too Many Requests' },
      new Headers({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) }),
    );
    expect(error).toMatchObject({ kind: 'deferred', code: 'rate_limited' });
    expect(error.retryAfterMs).toBeGreaterThan(590_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(600_000);
  });

  it('should wait for the 24-hour cap when that is the one exhausted', () => {
    const now = 1_000_000_000_000;
    const headers = new Headers({
      'x-rate-limit-remaining': '50',
      'x-rate-limit-reset': String(now / 1000 + 60),
      'x-user-limit-24hour-remaining': '0',
      'x-user-limit-24hour-reset': String(now / 1000 + 7200),
    });
    expect(xRetryAfterMs(headers, now)).toBe(7_200_000);
  });

  it('should mark a duplicate as duplicate_content, permanent', () => {
    expect(
      classifyXError(
        403,
        {
          title: 'Forbidden',
          type: 'about:blank',
          status: 403,
          detail: 'You are not allowed to create a Tweet with duplicate content.',
        },
        none,
      ),
    ).toMatchObject({
      kind: 'permanent',
      code: 'duplicate_content',
      message: 'X: You are not allowed to create a Tweet with duplicate content.',
    });
  });

  it('should keep invalid-request details and retry 5xx', () => {
    expect(
      classifyXError(
        400,
        {
          errors: [{ message: 'Your media IDs are invalid.' }],
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          type: 'https://api.twitter.com/2/problems/invalid-request',
        },
        none,
      ),
    ).toMatchObject({
      kind: 'permanent',
      code: 'invalid_request',
      message:
        'X: One or more parameters to your request was invalid.: Your media IDs are invalid.',
    });
    expect(classifyXError(503, undefined, none)).toMatchObject({ kind: 'retryable' });
  });
});
