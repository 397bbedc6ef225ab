import type { Logger } from 'pino';
import { AppError, ErrorCode, ValidationFailedError } from '../../common/errors';
import { loadConfig } from '../../config/soku-config';
import type { IdempotencyRepository, StoredKey } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';

describe(IdempotencyService.name, () => {
  const scope = { userId: 'u1', profileId: 'p1' };
  const request = { ...scope, endpoint: 'POST /v1/posts', key: 'k', requestHash: 'h1' };
  let keys: jest.Mocked<Pick<IdempotencyRepository, 'claim' | 'complete' | 'release'>>;
  let service: IdempotencyService;

  const stored = (over: Partial<StoredKey>): StoredKey => ({
    id: 'row',
    requestHash: 'h1',
    state: 'completed',
    responseStatus: 201,
    responseBody: '{"postSubmissionId":"p1"}',
    responseIsError: false,
    expiresAt: new Date(Date.now() + 86_400_000),
    ...over,
  });

  beforeEach(() => {
    keys = {
      claim: jest.fn(),
      complete: jest.fn(),
      release: jest.fn(),
    };
    service = new IdempotencyService(
      keys as unknown as IdempotencyRepository,
      loadConfig({ SOKU_IDEMPOTENCY_LOCK_SECONDS: '12' }),
      { error: jest.fn(), warn: jest.fn() } as unknown as Logger,
    );
  });

  it('should claim a new key with the configured TTL and lock', async () => {
    keys.claim.mockResolvedValue({ kind: 'claimed', id: 'row' });
    expect(await service.claim(request)).toEqual({ kind: 'claimed', id: 'row' });
    expect(keys.claim).toHaveBeenCalledWith(
      expect.objectContaining({
        userId: 'u1',
        profileId: 'p1',
        ttlSeconds: 86_400,
        lockSeconds: 12,
      }),
    );
    expect(keys.claim.mock.calls[0][0].keyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should replay a completed response', async () => {
    keys.claim.mockResolvedValue({ kind: 'held', key: stored({}) });
    expect(await service.claim(request)).toEqual({
      kind: 'replay',
      status: 201,
      body: '{"postSubmissionId":"p1"}',
    });
  });

  it('should replay a completed response from the cache, still checking the body', async () => {
    keys.claim.mockResolvedValue({ kind: 'held', key: stored({}) });
    await service.claim(request);
    expect(await service.claim(request)).toMatchObject({ kind: 'replay', status: 201 });
    await expect(service.claim({ ...request, requestHash: 'other' })).rejects.toMatchObject({
      status: 409,
    });
    expect(keys.claim).toHaveBeenCalledTimes(1);
  });

  it('should read a key in progress or about to expire again on every request', async () => {
    keys.claim.mockResolvedValue({ kind: 'held', key: stored({ state: 'in_progress' }) });
    await expect(service.claim(request)).rejects.toMatchObject({ status: 409 });
    keys.claim.mockResolvedValue({
      kind: 'held',
      key: stored({ expiresAt: new Date(Date.now() + 500) }),
    });
    await service.claim(request);
    await service.claim(request);
    expect(keys.claim).toHaveBeenCalledTimes(3);
  });

  it('should replay a stored business error', async () => {
    keys.claim.mockResolvedValue({
      kind: 'held',
      key: stored({
        responseStatus: 402,
        responseIsError: true,
        responseBody: '{"code":"insufficient_credits","message":"Not enough AI credits"}',
      }),
    });
    const claim = await service.claim(request);
    expect(claim.kind).toBe('replay-error');
    expect(claim.kind === 'replay-error' && claim.error).toMatchObject({
      status: 402,
      code: 'insufficient_credits',
      message: 'Not enough AI credits',
    });
  });

  it('should refuse a different body and a request still in flight with 409', async () => {
    keys.claim.mockResolvedValueOnce({ kind: 'held', key: stored({ requestHash: 'other' }) });
    await expect(service.claim(request)).rejects.toMatchObject({
      status: 409,
      code: ErrorCode.IdempotencyConflict,
      message: expect.stringMatching(/different request body/),
    });
    keys.claim.mockResolvedValueOnce({ kind: 'held', key: stored({ state: 'in_progress' }) });
    await expect(service.claim({ ...request, key: 'k2' })).rejects.toMatchObject({
      status: 409,
      headers: { 'Retry-After': '1' },
      message: expect.stringMatching(/in progress/),
    });
  });

  it('should claim again when the key changed hands between the read and the insert', async () => {
    keys.claim.mockResolvedValueOnce(null).mockResolvedValueOnce({ kind: 'claimed', id: 'row2' });
    expect(await service.claim(request)).toEqual({ kind: 'claimed', id: 'row2' });
  });

  it.each([
    ['a validation failure', new ValidationFailedError([])],
    ['a 5xx', new AppError(503, ErrorCode.ServiceUnavailable, 'down')],
    ['an unexpected error', new Error('boom')],
  ])('should release the key after %s', async (_case, error) => {
    await service.fail(scope, 'row', error);
    expect(keys.release).toHaveBeenCalledWith(scope, 'row');
    expect(keys.complete).not.toHaveBeenCalled();
  });

  it('should release a business error under a derived key', async () => {
    await service.fail(scope, 'row', new AppError(400, 'missing_integrations', 'x'));
    expect(keys.release).toHaveBeenCalledWith(scope, 'row');
  });

  it('should store a business error under an explicit key, stamped with its first answer', async () => {
    const error = new AppError(
      429,
      'insufficient_credits',
      'Try later',
      { n: 1 },
      { 'Retry-After': '9' },
    );
    await service.fail(scope, 'row', error, { requestId: 'req-1' });
    expect(error.firstAnswered).toEqual({ timestamp: expect.any(String), requestId: 'req-1' });
    const [, , saved] = keys.complete.mock.calls[0];
    expect(JSON.parse(saved.body)).toEqual({
      code: 'insufficient_credits',
      message: 'Try later',
      firstAnswered: error.firstAnswered,
      details: { n: 1 },
      headers: { 'Retry-After': '9' },
    });
    keys.claim.mockResolvedValue({
      kind: 'held',
      key: stored({ responseStatus: 429, responseIsError: true, responseBody: saved.body }),
    });
    const replay = await service.claim(request);
    expect(replay.kind === 'replay-error' && replay.error).toMatchObject({
      status: 429,
      details: { n: 1 },
      headers: { 'Retry-After': '9' },
      firstAnswered: error.firstAnswered,
    });
  });
});
