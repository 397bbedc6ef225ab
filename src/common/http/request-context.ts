import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request } from 'express';

/** What the logs and the error filter need to know about the request being served. */
export interface RequestContext {
  requestId: string;
  userId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Express request with what Soku's middleware attaches. */
export interface SokuRequest extends Request {
  id: string;
  startedAt: bigint;
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
