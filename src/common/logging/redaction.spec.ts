import { pathOf, redactApiKeys, redactedQuery } from './redaction';

describe('log redaction', () => {
  it('should redact credential query values whatever their case, and keep the others', () => {
    expect(redactedQuery('/v1/posts?limit=5&SOKU-API-KEY=sk_live_abc&cursor=x')).toBe(
      'limit=5&SOKU-API-KEY=REDACTED&cursor=x',
    );
    expect(redactedQuery('/u?X-Amz-Signature=ab&X-Amz-Credential=cd&expires=1')).toBe(
      'X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&expires=1',
    );
    expect(redactedQuery('/health')).toBeUndefined();
    expect(redactedQuery('/health?')).toBeUndefined();
  });

  it('should keep the path without its query', () => {
    expect(pathOf('/v1/posts?token=1')).toBe('/v1/posts');
    expect(pathOf('/v1/posts')).toBe('/v1/posts');
  });

  it('should redact every API-key-shaped string in a line', () => {
    expect(redactApiKeys('{"msg":"bad sk_live_Ab12 and sk_test_Zz9"}')).toBe(
      '{"msg":"bad sk_live_REDACTED and sk_test_REDACTED"}',
    );
    expect(redactApiKeys('task_live_x')).toBe('task_live_x');
  });
});
