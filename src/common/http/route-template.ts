import type { Request } from 'express';

/**
 * The matched route's template (`/v1/posts/:id`), so logs and metrics group requests by route;
 * undefined when no route matched (an unknown path, a request refused before routing).
 */
export function routeTemplate(req: Request): string | undefined {
  const template = (req.route as { path?: unknown } | undefined)?.path;
  return typeof template === 'string' ? `${req.baseUrl}${template}` : undefined;
}
