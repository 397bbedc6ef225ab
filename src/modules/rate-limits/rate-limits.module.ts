import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '../auth';
import { EndpointRateLimitGuard } from './endpoint-rate-limit.guard';
import { GlobalRateLimitMiddleware } from './global-rate-limit.middleware';
import { RateLimitMetricsExporter } from './rate-limit.metrics-exporter';
import { WINDOW_MS } from './rate-limit.policies';
import { RateLimitStore } from './rate-limit.store';
import { RateLimitStoreModule } from './rate-limit-store.module';
import { ENDPOINT_THROTTLER } from './rate-limited.decorator';

/**
 * Rate limits: the global tier (GlobalRateLimitMiddleware, mounted by the app factory before
 * the body parser) and the endpoint limits (EndpointRateLimitGuard, after the auth guards; this
 * module must be imported after AuthModule so its guard runs after theirs).
 */
@Module({
  imports: [
    AuthModule,
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStoreModule],
      inject: [RateLimitStore],
      useFactory: (storage: RateLimitStore) => ({
        // Routes without @RateLimited skip it; @RateLimited sets the limit and ttl per route.
        throttlers: [{ name: ENDPOINT_THROTTLER, limit: 1, ttl: WINDOW_MS }],
        storage,
        setHeaders: false,
      }),
    }),
  ],
  providers: [
    GlobalRateLimitMiddleware,
    RateLimitMetricsExporter,
    { provide: APP_GUARD, useClass: EndpointRateLimitGuard },
  ],
  exports: [GlobalRateLimitMiddleware, RateLimitStoreModule],
})
export class RateLimitsModule {}
