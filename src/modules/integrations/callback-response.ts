import type { Response } from 'express';
import { AppError } from '../../common/errors';
import { escapeHtml } from '../../common/http/escape-html';
import type { Platform } from '../../common/platforms';
import type { ConnectResult } from './oauth-connect.service';

/**
 * How the OAuth callback answers the browser: a redirect to SOKU_INTEGRATIONS_REDIRECT_URL with
 * the outcome in the query, or else a small result page. Without the redirect URL, a client that
 * does not ask for HTML gets the usual JSON (and errors as the v1 envelope).
 */
export function sendCallbackResult(
  res: Response,
  redirectUrl: string | undefined,
  wantsHtml: boolean,
  outcome: ConnectResult,
): void {
  const accountIds = outcome.accounts.map((account) => account.accountId);
  if (redirectUrl) {
    res.redirect(
      302,
      withQuery(redirectUrl, {
        status: 'connected',
        platform: outcome.platform,
        accounts: accountIds.join(','),
      }),
    );
  } else if (wantsHtml) {
    res
      .status(200)
      .type('html')
      .send(
        page(
          'Account connected',
          `Connected ${outcome.platform}: ${accountIds.join(', ')}. You can close this window.`,
        ),
      );
  } else {
    res
      .status(200)
      .json({ connected: true, platform: outcome.platform, accounts: outcome.accounts });
  }
}

/** Redirects or renders the failure; returns false when the caller should let the filter answer. */
export function sendCallbackError(
  res: Response,
  redirectUrl: string | undefined,
  wantsHtml: boolean,
  platform: Platform,
  error: AppError,
): boolean {
  if (redirectUrl) {
    res.redirect(
      302,
      withQuery(redirectUrl, {
        status: 'error',
        platform,
        error: error.code,
        message: error.message,
      }),
    );
    return true;
  }
  if (wantsHtml) {
    res.status(error.status).type('html').send(page('Connection failed', error.message));
    return true;
  }
  return false;
}

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  return url.toString();
}

function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}
