import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, Subject } from 'rxjs';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyScope } from './idempotency-scope';
import type { IdempotencyService } from './idempotency.service';

describe(IdempotencyInterceptor.name, () => {
  let service: jest.Mocked<
    Pick<IdempotencyService, 'claim' | 'complete' | 'fail' | 'renewLock' | 'lockSeconds'>
  >;
  let interceptor: IdempotencyInterceptor;
  const headers: Record<string, string> = {};

  function context(): ExecutionContext {
    const req = {
      auth: { userId: 'u1', profileId: 'p1', apiKeyId: 'k', isAdmin: false },
      method: 'POST',
      baseUrl: '',
      route: { path: '/v1/things' },
      body: { b: 1, a: 2 },
      headers: {},
    };
    const res = {
      setHeader: (name: string, value: string) => (headers[name] = value),
      type: jest.fn(),
    };
    return {
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
      getHandler: () => function handler() {},
    } as unknown as ExecutionContext;
  }

  beforeEach(() => {
    jest.useFakeTimers();
    service = {
      claim: jest.fn().mockResolvedValue({ kind: 'claimed', id: 'row' }),
      complete: jest.fn().mockResolvedValue(undefined),
      fail: jest.fn().mockResolvedValue(undefined),
      renewLock: jest.fn().mockResolvedValue(undefined),
      lockSeconds: 30,
    };
    interceptor = new IdempotencyInterceptor(
      service as unknown as IdempotencyService,
      new IdempotencyScope(),
      new Reflector(),
    );
  });
  afterEach(() => jest.useRealTimers());

  it('should renew the claim while the handler runs, then store its response', async () => {
    const work = new Subject<unknown>();
    const handler: CallHandler = { handle: () => work.asObservable() };
    const result = lastValueFrom(await interceptor.intercept(context(), handler));
    expect(headers['Idempotency-Key']).toMatch(/^auto_[0-9a-f]{64}$/);
    expect(service.claim).toHaveBeenCalledWith(
      expect.objectContaining({ userId: 'u1', profileId: 'p1', endpoint: 'POST /v1/things' }),
    );

    jest.advanceTimersByTime(10_000);
    jest.advanceTimersByTime(10_000);
    expect(service.renewLock).toHaveBeenCalledTimes(2);
    expect(service.renewLock).toHaveBeenCalledWith({ userId: 'u1', profileId: 'p1' }, 'row');

    work.next({ id: 't1' });
    work.complete();
    expect(await result).toEqual({ id: 't1' });
    expect(service.complete).toHaveBeenCalledWith({ userId: 'u1', profileId: 'p1' }, 'row', {
      status: 201,
      body: '{"id":"t1"}',
      replayUntil: undefined,
    });
    jest.advanceTimersByTime(60_000);
    expect(service.renewLock).toHaveBeenCalledTimes(2);
  });

  it('should settle the claim when the handler fails', async () => {
    const error = new Error('boom');
    const handler: CallHandler = {
      handle: () => {
        const failing = new Subject<unknown>();
        setTimeout(() => failing.error(error), 0);
        return failing.asObservable();
      },
    };
    const result = lastValueFrom(await interceptor.intercept(context(), handler));
    jest.advanceTimersByTime(1);
    await expect(result).rejects.toBe(error);
    expect(service.fail).toHaveBeenCalledWith(
      { userId: 'u1', profileId: 'p1' },
      'row',
      error,
      undefined,
    );
    expect(service.complete).not.toHaveBeenCalled();
  });
});
