/** The rate-limits module's public API. */
export { RateLimitsModule } from './rate-limits.module';
export { RateLimited, type RequestCost } from './rate-limited.decorator';
export { GlobalRateLimitMiddleware } from './global-rate-limit.middleware';
export { RateLimitClock } from './rate-limit.clock';
