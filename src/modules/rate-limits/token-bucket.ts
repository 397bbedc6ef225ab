import type { BucketSpec } from './rate-limit.policies';

/** What taking one token from a bucket decided. All durations are milliseconds. */
export interface BucketDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
  /** Until the next token, when refused; 0 when allowed. */
  retryAfterMs: number;
}

/** A decision and the limiter clock (ms) it was taken at. */
export interface TakenToken extends BucketDecision {
  now: number;
}

/**
 * The token bucket as GCRA: the state is one number, the "theoretical arrival time" `tat` (ms):
 * the bucket is full when `tat <= now`, and each request pushes `tat` one emission interval on.
 * A request is refused when that would put `tat` more than `capacity` intervals ahead of now.
 * Integer arithmetic only; `TAKE_TOKEN_LUA` is the same function, line for line, for Redis.
 */
export function takeToken(
  storedTat: number | undefined,
  now: number,
  spec: BucketSpec,
): { decision: BucketDecision; tat: number | undefined } {
  const tau = spec.emissionMs * spec.capacity;
  const tat = Math.max(storedTat ?? now, now);
  const next = tat + spec.emissionMs;
  if (next - now > tau) {
    return {
      decision: {
        allowed: false,
        remaining: Math.max(0, Math.floor((tau - (tat - now)) / spec.emissionMs)),
        resetMs: tat - now,
        retryAfterMs: next - tau - now,
      },
      tat: storedTat,
    };
  }
  return {
    decision: {
      allowed: true,
      remaining: Math.floor((tau - (next - now)) / spec.emissionMs),
      resetMs: next - now,
      retryAfterMs: 0,
    },
    tat: next,
  };
}

/**
 * KEYS[1] = bucket; ARGV = now (ms), emission (ms), capacity. Returns
 * { allowed (0|1), remaining, resetMs, retryAfterMs }. The key expires when the bucket is full.
 */
export const TAKE_TOKEN_LUA = `
local now = tonumber(ARGV[1])
local emission = tonumber(ARGV[2])
local tau = emission * tonumber(ARGV[3])
local stored = redis.call('GET', KEYS[1])
local tat = now
if stored then tat = math.max(tonumber(stored), now) end
local nxt = tat + emission
if nxt - now > tau then
  return {0, math.max(0, math.floor((tau - (tat - now)) / emission)), tat - now, nxt - tau - now}
end
redis.call('SET', KEYS[1], string.format('%d', nxt), 'PX', nxt - now)
return {1, math.floor((tau - (nxt - now)) / emission), nxt - now, 0}
`;
