import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Scope } from '../../common/auth/route-auth';
import { AppError, ErrorCode, type ErrorCodeValue, type ErrorStamp } from '../../common/errors';
import { deleteInBatches } from '../../common/scheduling/periodic-sweeper';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { MemoryCacheStore } from '../../infra/cache/memory-cache-store';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from './idempotency.errors';
import { sha256 } from './idempotency-key';
import { Coalescer } from '../../common/async/coalescer';
import {
  type ClaimOutcome,
  type ClaimRequest,
  IdempotencyRepository,
  type StoredKey,
} from './idempotency.repository';

/** What to do with a request under an idempotency key. */
export type IdempotencyClaim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'replay-error'; error: AppError };

/** A request under a key of the caller's profile. */
export interface IdempotentRequest extends Scope {
  endpoint: string;
  key: string;
  requestHash: string;
}

interface StoredError {
  /** Written from an AppError's code, so one of the table's. */
  code: ErrorCodeValue;
  message: string;
  details?: unknown;
  headers?: Record<string, string>;
  firstAnswered?: ErrorStamp;
}

const CLAIM_ATTEMPTS = 3;
/** How long a completed response is replayed from memory before it is read again. */
const REPLAY_CACHE_SECONDS = 300;
const REPLAY_CACHE_ENTRIES = 10_000;
const SWEEP_BATCH = 1_000;

/**
 * The idempotency rules: first request processed, a replay gets the stored response, a
 * different body or a request still in flight gets 409. Validation failures and 5xx are not
 * stored: the key is released so a retry can succeed.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.claims = new Coalescer((batch) =>
      batch.length === 1 ? keys.claim(batch[0]).then((one) => [one]) : keys.claimMany(batch),
    );
  }

  /** Concurrent requests' claims, one statement per batch (group commit, see Coalescer). */
  private readonly claims: Coalescer<ClaimRequest, ClaimOutcome | null>;

  /**
   * Completed answers, in this process's memory: they cannot change until their key expires, so
   * no instance needs to hear of another's, and a new key costs no extra round trip to look up.
   */
  private readonly replays = new MemoryCacheStore(REPLAY_CACHE_ENTRIES);

  get lockSeconds(): number {
    return this.config.limits.idempotency.lockSeconds;
  }

  async claim(request: IdempotentRequest): Promise<IdempotencyClaim> {
    const keyHash = sha256(request.key);
    const cacheKey = replayCacheKey(request, request.endpoint, keyHash);
    const cached = await this.replays.get(cacheKey);
    if (cached !== undefined) {
      return answerFrom(JSON.parse(cached) as StoredKey, request.requestHash);
    }
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const outcome = await this.claims.submit({
        userId: request.userId,
        profileId: request.profileId,
        endpoint: request.endpoint,
        keyHash,
        requestHash: request.requestHash,
        ttlSeconds: this.config.limits.idempotency.ttlSeconds,
        lockSeconds: this.lockSeconds,
      });
      if (!outcome) {
        continue; // taken or released between the read and the insert: claim again
      }
      if (outcome.kind === 'claimed') {
        return { kind: 'claimed', id: outcome.id };
      }
      // A completed key cannot change until it expires, so its answer can be replayed from the
      // cache (a key in progress can, and is read again each time).
      const ttl = Math.min(
        REPLAY_CACHE_SECONDS,
        Math.floor((new Date(outcome.key.expiresAt).getTime() - Date.now()) / 1000),
      );
      if (outcome.key.state === 'completed' && ttl > 0) {
        await this.replays.set(cacheKey, JSON.stringify(outcome.key), ttl);
      }
      return answerFrom(outcome.key, request.requestHash);
    }
    throw new IdempotencyInProgressError();
  }

  /** Stores the response the client is about to get, for the replays. */
  async complete(
    scope: Scope,
    id: string,
    response: { status: number; body: string; replayUntil?: Date },
  ): Promise<void> {
    try {
      await this.keys.complete(scope, id, { ...response, isError: false });
    } catch (error) {
      // The work is done: answer it. The claim stays in progress until its lock lapses.
      this.logger.error(
        { err: error, idempotencyKeyId: id },
        'could not store idempotent response',
      );
    }
  }

  /**
   * A failed request. Validation failures and 5xx are released, so a retry runs again. Other
   * 4xx (business errors) are stored and replayed only under an explicit Idempotency-Key: a
   * derived key stands for "this body", and fixing the cause (connecting an account, topping up
   * credits) must not leave the same body refused for a day.
   */
  async fail(
    scope: Scope,
    id: string,
    error: unknown,
    explicit?: { requestId: string },
  ): Promise<void> {
    try {
      if (
        explicit &&
        error instanceof AppError &&
        error.status < 500 &&
        error.code !== ErrorCode.ValidationError
      ) {
        // The whole envelope is replayed: this answer's moment and request id included.
        error.firstAnswered = {
          timestamp: new Date().toISOString(),
          requestId: explicit.requestId,
        };
        const stored: StoredError = {
          code: error.code,
          message: error.message,
          firstAnswered: error.firstAnswered,
        };
        if (error.details !== undefined) {
          stored.details = error.details;
        }
        if (Object.keys(error.headers).length > 0) {
          stored.headers = error.headers;
        }
        await this.keys.complete(scope, id, {
          status: error.status,
          body: JSON.stringify(stored),
          isError: true,
        });
      } else {
        await this.keys.release(scope, id);
      }
    } catch (storeError) {
      this.logger.error(
        { err: storeError, idempotencyKeyId: id },
        'could not settle idempotency key',
      );
    }
  }

  async renewLock(scope: Scope, id: string): Promise<void> {
    try {
      await this.keys.renewLock(scope, id, this.lockSeconds);
    } catch (error) {
      this.logger.warn({ err: error, idempotencyKeyId: id }, 'could not renew idempotency lock');
    }
  }

  /** Deletes every expired key, a batch at a time; returns how many. */
  sweepExpired(): Promise<number> {
    return deleteInBatches(SWEEP_BATCH, (batch) => this.keys.deleteExpired(batch));
  }
}

const replayCacheKey = (scope: Scope, endpoint: string, keyHash: string): string =>
  `idempotency:${scope.userId}:${scope.profileId}:${endpoint}:${keyHash}`;

/** The answer to a request whose key another request holds or has completed. */
function answerFrom(existing: StoredKey, requestHash: string): IdempotencyClaim {
  if (existing.requestHash !== requestHash) {
    throw new IdempotencyKeyReusedError();
  }
  if (existing.state === 'in_progress') {
    throw new IdempotencyInProgressError();
  }
  const status = existing.responseStatus ?? 200;
  const body = existing.responseBody ?? '';
  if (existing.responseIsError) {
    const stored = JSON.parse(body) as StoredError;
    const error = new AppError(status, stored.code, stored.message, stored.details, stored.headers);
    error.firstAnswered = stored.firstAnswered;
    return { kind: 'replay-error', error };
  }
  return { kind: 'replay', status, body };
}
