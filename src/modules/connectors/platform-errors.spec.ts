import { linkedinFailure } from './linkedin/linkedin-errors';
import type { PlatformAnswer } from './platform-http';
import { snapchatFailure } from './snapchat/snapchat-errors';
import { tiktokFailure } from './tiktok/tiktok-errors';
import { youtubeFailure } from './youtube/youtube-errors';

const QUOTA_MS = 3_600_000;

function answer(
  status: number,
  json: Record<string, unknown>,
  headers: Record<string, string> = {},
): PlatformAnswer {
  return { status, json, text: JSON.stringify(json), headers: new Headers(headers) };
}

const kindOf = (error: { kind: string; code: string; retryAfterMs?: number } | null) =>
  error && [error.kind, error.code, error.retryAfterMs];

describe("each platform's error shapes, classified", () => {
  it('TikTok: error.code', () => {
    const tiktok = (status: number, code: string, headers?: Record<string, string>) =>
      kindOf(
        tiktokFailure(
          answer(status, { error: { code, message: 'm', log_id: 'l' } }, headers),
          QUOTA_MS,
        ),
      );
    expect(tiktok(200, 'ok')).toBeNull();
    expect(tiktok(401, 'access_token_invalid')).toEqual([
      'auth',
      'access_token_invalid',
      undefined,
    ]);
    expect(tiktok(403, 'scope_not_authorized')).toEqual([
      'auth',
      'scope_not_authorized',
      undefined,
    ]);
    expect(tiktok(429, 'rate_limit_exceeded', { 'retry-after': '30' })).toEqual([
      'retryable',
      'rate_limit_exceeded',
      30_000,
    ]);
    expect(tiktok(500, 'internal_error')).toEqual(['retryable', 'internal_error', undefined]);
    expect(tiktok(403, 'spam_risk_too_many_posts')).toEqual([
      'deferred',
      'spam_risk_too_many_posts',
      QUOTA_MS,
    ]);
    expect(tiktok(403, 'reached_active_user_cap')).toEqual([
      'deferred',
      'reached_active_user_cap',
      QUOTA_MS,
    ]);
    expect(tiktok(400, 'unaudited_client_can_only_post_to_private_accounts')).toEqual([
      'permanent',
      'unaudited_client_can_only_post_to_private_accounts',
      undefined,
    ]);
  });

  it('Google: errors[].reason', () => {
    const google = (status: number, reason: string) =>
      kindOf(
        youtubeFailure(
          answer(status, { error: { code: status, message: 'm', errors: [{ reason }] } }),
          QUOTA_MS,
        ),
      );
    expect(google(403, 'quotaExceeded')).toEqual(['deferred', 'quotaExceeded', QUOTA_MS]);
    expect(google(400, 'uploadLimitExceeded')).toEqual([
      'deferred',
      'uploadLimitExceeded',
      QUOTA_MS,
    ]);
    expect(google(403, 'rateLimitExceeded')).toEqual(['retryable', 'rateLimitExceeded', undefined]);
    expect(google(500, 'backendError')).toEqual(['retryable', 'backendError', undefined]);
    expect(google(401, 'authError')).toEqual(['auth', 'authError', undefined]);
    expect(google(403, 'insufficientPermissions')).toEqual([
      'auth',
      'insufficientPermissions',
      undefined,
    ]);
    expect(google(400, 'invalidTitle')).toEqual(['permanent', 'invalidTitle', undefined]);
    expect(google(403, 'youtubeSignupRequired')).toEqual([
      'permanent',
      'youtubeSignupRequired',
      undefined,
    ]);
  });

  it('LinkedIn: status, serviceErrorCode and code', () => {
    const linkedin = (
      status: number,
      body: Record<string, unknown>,
      headers?: Record<string, string>,
    ) => kindOf(linkedinFailure(answer(status, { status, ...body }, headers), QUOTA_MS));
    expect(linkedin(401, { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' })).toEqual([
      'auth',
      'INVALID_ACCESS_TOKEN',
      undefined,
    ]);
    expect(linkedin(401, { serviceErrorCode: 65601 })).toEqual([
      'auth',
      'service_error_65601',
      undefined,
    ]);
    expect(
      linkedin(422, {
        code: 'DUPLICATE_POST',
        message: 'Content is a duplicate of urn:li:share:1',
      }),
    ).toEqual(['permanent', 'duplicate_post', undefined]);
    expect(linkedin(429, {}, { 'retry-after': '5' })).toEqual(['retryable', 'http_429', 5000]);
    expect(linkedin(429, {})).toEqual(['deferred', 'daily_limit', QUOTA_MS]);
    expect(linkedin(503, {})).toEqual(['retryable', 'http_503', undefined]);
    expect(linkedin(403, { code: 'ACCESS_DENIED', serviceErrorCode: 100 })).toEqual([
      'permanent',
      'ACCESS_DENIED',
      undefined,
    ]);
    expect(linkedin(426, { code: 'VERSION_MISSING' })).toEqual([
      'permanent',
      'VERSION_MISSING',
      undefined,
    ]);
  });

  it('Snap: request_status, even on a 200', () => {
    const snap = (status: number, body: Record<string, unknown>) =>
      kindOf(snapchatFailure(answer(status, body)));
    expect(snap(200, { request_status: 'SUCCESS' })).toBeNull();
    expect(
      snap(200, { request_status: 'ERROR', error_code: 'E1002', debug_message: 'bad' }),
    ).toEqual(['permanent', 'E1002', undefined]);
    expect(snap(401, { request_status: 'ERROR' })).toEqual(['auth', 'http_401', undefined]);
    expect(snap(429, { request_status: 'ERROR' })).toEqual(['retryable', 'http_429', undefined]);
  });
});
