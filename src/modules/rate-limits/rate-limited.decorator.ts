import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request } from 'express';
import { ErrorEnvelopeDto } from '../../common/filters/error-envelope';
import { DOC_APPENDIX_PREFIX } from '../../common/openapi/openapi';
import { ENDPOINT_LIMITS, type RateLimitedEndpoint, WINDOW_MS } from './rate-limit.policies';

export const RATE_LIMITED_ENDPOINT = 'soku:rateLimitedEndpoint';
export const RATE_LIMIT_COST = 'soku:rateLimitCost';

/** How many tokens a request costs, read from the parsed request (a bulk import: its rows). */
export type RequestCost = (req: Request) => number;
/** The @nestjs/throttler throttler that carries the endpoint limits. */
export const ENDPOINT_THROTTLER = 'endpoint';

/**
 * Applies an endpoint limit from ENDPOINT_LIMITS, per user, after authentication and on top of
 * the global tier, and documents it. Use on API-key routes: `@RateLimited('posts.create')`.
 */
export function RateLimited(endpoint: RateLimitedEndpoint, cost?: RequestCost): MethodDecorator {
  const policy: { limit: number; unit?: string } = ENDPOINT_LIMITS[endpoint];
  const { limit } = policy;
  const unit = policy.unit ?? 'requests';
  return applyDecorators(
    SetMetadata(RATE_LIMITED_ENDPOINT, endpoint),
    ...(cost ? [SetMetadata(RATE_LIMIT_COST, cost)] : []),
    // The throttler's "limit per ttl": `limit` per minute, one token back every minute / limit.
    Throttle({ [ENDPOINT_THROTTLER]: { limit, ttl: WINDOW_MS } }),
    ApiResponse({
      status: 429,
      description:
        `Rate limit exceeded (\`rate_limit_exceeded\`); see \`Retry-After\`. Besides your tier, ` +
        `this endpoint allows ${limit} ${unit} per minute per user.`,
      schema: { $ref: getSchemaPath(ErrorEnvelopeDto) },
    }),
    ApiExtension(
      `${DOC_APPENDIX_PREFIX}rate-limit`,
      `**Rate limit:** ${limit} ${unit} per minute per user (endpoint-specific), on top of your tier's global limit.`,
    ),
  );
}
