import type { Reply } from './recording-server';

/**
 * LinkedIn's answer to a LinkedIn-Version it does not serve, or null when it serves it.
 * https://learn.microsoft.com/en-us/linkedin/marketing/versioning ("What's changing"): versions
 * are YYYYMM, monthly, each supported for a minimum of one year; a sunset version is refused with
 * 426 NONEXISTENT_VERSION "Requested version … is not active", and a missing header with 426
 * VERSION_MISSING. A version released this month counts as live, one from a later month does not.
 */
export function linkedinVersionRefusal(header: unknown, now = new Date()): Reply | null {
  const version = typeof header === 'string' ? header : '';
  if (!version) {
    return refusal(
      'VERSION_MISSING',
      'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
    );
  }
  const match = /^(\d{4})(0[1-9]|1[0-2])$/.exec(version);
  const released = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, 1) : NaN;
  const sunset = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1 + 12, 1) : NaN;
  const live = released <= now.getTime() && now.getTime() < sunset;
  return live ? null : refusal('NONEXISTENT_VERSION', `Requested version ${version} is not active`);
}

function refusal(code: string, message: string): Reply {
  return { status: 426, json: { status: 426, code, message } };
}
