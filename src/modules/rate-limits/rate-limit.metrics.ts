/** Counters of the limiter's health, for logs and the metrics endpoint to read. */
export class RateLimitMetrics {
  /** Decisions taken without the shared store (Redis down or slow): the limiter failed open. */
  storeFailOpenTotal = 0;
  /** Requests refused with 429, by the global tier or an endpoint limit. */
  rejectedTotal = 0;
}
