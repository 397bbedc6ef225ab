import type { BucketSpec } from './rate-limit.policies';

/** What taking one token decided. All durations are milliseconds. */
export interface BucketDecision {
  allowed: boolean;
  /** Requests left right now. */
  remaining: number;
  /** Until `remaining` is back to the capacity. */
  resetMs: number;
  /** Until the next request can pass, when refused; 0 when allowed. */
  retryAfterMs: number;
}

/** A decision and the limiter clock (ms) it was taken at. */
export interface TakenToken extends BucketDecision {
  now: number;
}

/** One key's state: the bucket's theoretical arrival time and the accepted requests in the window. */
export interface BucketState {
  tat?: number;
  /** Times of the requests accepted within the last window, oldest first. */
  log: number[];
}

/**
 * One request against a limit of `capacity` (= limit + burst) refilled at one token per
 * `emissionMs` (= one minute / limit), with the window cap that makes "+ burst" exact:
 *
 * - the token bucket, as GCRA: `tat` is when the bucket would be full again; a request moves it
 *   `cost` emission intervals on (1; a bulk import costs one per row), and is refused if that
 *   puts it more than `capacity` intervals ahead. So at most `capacity` at once, and `limit`
 *   per minute sustained;
 * - the window: at most `capacity` accepted tokens in any `windowMs` (a token bucket alone
 *   would also let through what refills during that minute).
 *
 * Integer arithmetic only; TAKE_TOKEN_LUA is the same function, step for step, for Redis.
 */
export function takeToken(
  state: BucketState,
  now: number,
  spec: BucketSpec,
  cost = 1,
): { decision: BucketDecision; state: BucketState } {
  const { capacity, emissionMs, windowMs } = spec;
  const tau = emissionMs * capacity;
  const tat = Math.max(state.tat ?? now, now);
  const next = tat + emissionMs * cost;
  const log = state.log.filter((at) => at > now - windowMs);
  const count = log.length;
  const bucketWait = next - now > tau ? next - tau - now : 0;
  // A cost above the capacity could never pass: refused for a whole window.
  const windowWait =
    cost > capacity
      ? windowMs
      : count + cost > capacity
        ? log[count + cost - capacity - 1] + windowMs - now
        : 0;
  if (bucketWait > 0 || windowWait > 0) {
    return {
      decision: {
        allowed: false,
        remaining: Math.max(
          0,
          Math.min(Math.floor((tau - (tat - now)) / emissionMs), capacity - count),
        ),
        resetMs: Math.max(tat - now, count > 0 ? log[count - 1] + windowMs - now : 0),
        retryAfterMs: Math.max(bucketWait, windowWait),
      },
      state: { tat: state.tat, log },
    };
  }
  log.push(...Array<number>(cost).fill(now));
  return {
    decision: {
      allowed: true,
      remaining: Math.min(Math.floor((tau - (next - now)) / emissionMs), capacity - count - cost),
      resetMs: Math.max(next - now, windowMs),
      retryAfterMs: 0,
    },
    state: { tat: next, log },
  };
}

/**
 * KEYS[1] = the bucket's tat, KEYS[2] = the window (a sorted set: score = time, member = the
 * request's tat and the token's number, unique); ARGV = now, emission, capacity, window (all
 * ms), cost (tokens). Returns { allowed (0|1), remaining, resetMs, retryAfterMs }. Both keys expire once they are moot.
 */
export const TAKE_TOKEN_LUA = `
local now = tonumber(ARGV[1])
local emission = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local cost = tonumber(ARGV[5])
local tau = emission * capacity
local stored = redis.call('GET', KEYS[1])
local tat = now
if stored then tat = math.max(tonumber(stored), now) end
local nxt = tat + emission * cost
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', now - window))
local count = redis.call('ZCARD', KEYS[2])
local bucketWait = 0
if nxt - now > tau then bucketWait = nxt - tau - now end
local windowWait = 0
if cost > capacity then
  windowWait = window
elseif count + cost > capacity then
  local at = count + cost - capacity - 1
  local oldest = redis.call('ZRANGE', KEYS[2], at, at, 'WITHSCORES')
  windowWait = tonumber(oldest[2]) + window - now
end
if bucketWait > 0 or windowWait > 0 then
  local reset = tat - now
  if count > 0 then
    local newest = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
    reset = math.max(reset, tonumber(newest[2]) + window - now)
  end
  local remaining = math.min(math.floor((tau - (tat - now)) / emission), capacity - count)
  return {0, math.max(0, remaining), reset, math.max(bucketWait, windowWait)}
end
redis.call('SET', KEYS[1], string.format('%d', nxt), 'PX', nxt - now)
local entries = {}
for i = 1, cost do
  entries[2 * i - 1] = string.format('%d', now)
  entries[2 * i] = string.format('%d:%d', nxt, i)
end
redis.call('ZADD', KEYS[2], unpack(entries))
redis.call('PEXPIRE', KEYS[2], window)
local remaining = math.min(math.floor((tau - (nxt - now)) / emission), capacity - count - cost)
return {1, remaining, math.max(nxt - now, window), 0}
`;
