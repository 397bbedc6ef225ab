import type { Request } from 'express';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** Carries the admin's ID token to the dashboard's pages, which a browser loads without headers. */
export const DASHBOARD_COOKIE = 'soku_admin_queues';
/** The documented route that sets the cookie; it takes the Bearer header only. */
const SESSION_PATH = `${QUEUE_DASHBOARD_PATH}/session`;

/**
 * The ID token in the dashboard cookie, counted only on the dashboard's own pages (where the
 * browser sends it): anywhere else a cookie credential would invite cross-site requests.
 */
export function dashboardCookieToken(req: Request): string | undefined {
  const path = (req.originalUrl || req.url).split('?')[0];
  const onDashboard = path === QUEUE_DASHBOARD_PATH || path.startsWith(`${QUEUE_DASHBOARD_PATH}/`);
  if (!onDashboard || path === SESSION_PATH) {
    return undefined;
  }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === DASHBOARD_COOKIE && value.join('=') !== '') {
      return value.join('=');
    }
  }
  return undefined;
}
