/** The limiter's time source (ms since the epoch); tests freeze or advance it. */
export class RateLimitClock {
  now(): number {
    return Date.now();
  }
}
