import { OAuthRequestError } from '../oauth-http';

/** Reading a platform's JSON defensively: a missing field is a clear error, not a crash. */

export function objectAt(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new OAuthRequestError('rejected', `Unexpected response from the platform: no ${what}`);
  }
  return value as Record<string, unknown>;
}

export function listAt(value: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) {
    throw new OAuthRequestError(
      'rejected',
      `Unexpected response from the platform: no ${what} list`,
    );
  }
  return value.map((item) => objectAt(item, what));
}

export function idAt(value: unknown, what: string): string {
  if ((typeof value !== 'string' || value === '') && typeof value !== 'number') {
    throw new OAuthRequestError('rejected', `Unexpected response from the platform: no ${what}`);
  }
  return String(value);
}

export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function bearer(accessToken: string): Record<string, string> {
  return { Authorization: `Bearer ${accessToken}` };
}
