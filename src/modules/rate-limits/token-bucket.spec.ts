import { bucketOf, ENDPOINT_LIMITS, TIERS, WINDOW_MS } from './rate-limit.policies';
import { type BucketDecision, type BucketState, takeToken } from './token-bucket';

function run(times: number[], spec = bucketOf(TIERS.premium)): BucketDecision[] {
  let state: BucketState = { log: [] };
  return times.map((now) => {
    const result = takeToken(state, now, spec);
    state = result.state;
    return result.decision;
  });
}

const repeat = (n: number, at: number) => Array<number>(n).fill(at);

describe('takeToken', () => {
  it('should allow limit + burst at once, then refuse until the next token and window', () => {
    const decisions = run(repeat(201, 0));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(200);
    expect(decisions.slice(0, 3).map((d) => d.remaining)).toEqual([199, 198, 197]);
    const refused = decisions[200];
    expect(refused).toEqual({
      allowed: false,
      remaining: 0,
      resetMs: 120_000,
      retryAfterMs: 60_000,
    });
  });

  it('should allow `limit` more a minute after a full burst, at one token per interval', () => {
    const decisions = run([...repeat(200, 0), ...repeat(101, 60_000), 60_599, 60_600]);
    expect(decisions.slice(200, 300).every((d) => d.allowed)).toBe(true);
    expect(decisions[300]).toMatchObject({ allowed: false, retryAfterMs: 600 });
    expect(decisions[301].allowed).toBe(false);
    expect(decisions[302].allowed).toBe(true);
  });

  it('should give an endpoint limit (no burst) exactly `limit` per minute', () => {
    const spec = bucketOf(ENDPOINT_LIMITS['posts.create']);
    const decisions = run([...repeat(31, 0), 2_000, 59_999, 60_000], spec);
    expect(decisions.slice(0, 33).filter((d) => d.allowed)).toHaveLength(30);
    expect(decisions[30].retryAfterMs).toBe(60_000);
    expect(decisions[31]).toMatchObject({ allowed: false, retryAfterMs: 58_000 });
    expect(decisions[32]).toMatchObject({ allowed: false, retryAfterMs: 1 });
    expect(decisions[33]).toMatchObject({ allowed: true, remaining: 29 });
  });

  it('should refill to capacity and no further', () => {
    const spec = { capacity: 3, emissionMs: 1_000, windowMs: 3_000 };
    const decisions = run([0, 0, 0, 100_000, 100_000, 100_000, 100_000], spec);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, true, false]);
  });

  it.each(Object.entries(TIERS))(
    'should never allow more than limit + burst in any minute, nor more than limit per minute sustained (%s)',
    (_tier, policy) => {
      const spec = bucketOf(policy);
      let state: BucketState = { log: [] };
      const accepted: number[] = [];
      let now = 0;
      for (let i = 0; i < 30_000; i++) {
        now += Math.floor(((i * 7919) % 997) / 25); // a fixed, irregular, bursty arrival pattern
        const result = takeToken(state, now, spec);
        state = result.state;
        if (result.decision.allowed) {
          accepted.push(now);
        }
      }
      let start = 0;
      let busiest = 0;
      for (let end = 0; end < accepted.length; end++) {
        while (accepted[end] - accepted[start] >= WINDOW_MS) {
          start++;
        }
        busiest = Math.max(busiest, end - start + 1);
      }
      expect(busiest).toBe(policy.limit + policy.burst);
      // Sustained: a full bucket plus one token per interval, however long the run.
      const refills = Math.floor(now / spec.emissionMs);
      expect(accepted.length).toBeLessThanOrEqual(spec.capacity + refills);
      expect(accepted.length).toBeGreaterThan(refills * 0.9);
    },
  );

  it('should take a request costing n tokens whole or not at all', () => {
    const spec = bucketOf(ENDPOINT_LIMITS['posts.bulk']);
    let state: BucketState = { log: [] };
    const take = (now: number, cost: number) => {
      const result = takeToken(state, now, spec, cost);
      state = result.state;
      return result.decision;
    };
    expect(take(0, 500)).toMatchObject({ allowed: true, remaining: 500 });
    expect(take(0, 400)).toMatchObject({ allowed: true, remaining: 100 });
    // 300 more need 200 tokens back: 200 intervals of 60 ms; nothing was taken meanwhile.
    expect(take(0, 300)).toMatchObject({ allowed: false, remaining: 100, retryAfterMs: 60_000 });
    expect(take(0, 100)).toMatchObject({ allowed: true, remaining: 0 });
    expect(take(59_999, 1).allowed).toBe(false);
    expect(take(60_000, 1000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(take(120_000, 1001)).toMatchObject({ allowed: false, retryAfterMs: WINDOW_MS });
  });

  it('should use whole emission intervals for every configured limit', () => {
    for (const policy of [...Object.values(TIERS), ...Object.values(ENDPOINT_LIMITS)]) {
      expect(WINDOW_MS % policy.limit).toBe(0);
      expect(bucketOf(policy).emissionMs * policy.limit).toBe(WINDOW_MS);
    }
  });
});
