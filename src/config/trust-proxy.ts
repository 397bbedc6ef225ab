import { isIP } from 'node:net';

/**
 * Express's `trust proxy` value: `true`/`false`, a hop count, or the addresses whose
 * X-Forwarded-For is believed (names, IPs, CIDRs, IPv4 address/netmask).
 * https://expressjs.com/en/guide/behind-proxies.html
 */
export type TrustProxy = boolean | number | string[];

/** proxy-addr's pre-defined subnet names. */
const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `text` in Express's syntax, or undefined when any part of it is not. */
export function parseTrustProxy(text: string): TrustProxy | undefined {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') {
    return trimmed === 'true';
  }
  if (/^\d{1,3}$/.test(trimmed)) {
    return Number(trimmed);
  }
  const entries = trimmed.split(',').map((entry) => entry.trim());
  return entries.every(isTrustEntry) ? entries : undefined;
}

function isTrustEntry(entry: string): boolean {
  if (NAMES.has(entry)) {
    return true;
  }
  const [address, range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (range === undefined) {
    return true;
  }
  if (/^\d{1,3}$/.test(range)) {
    return Number(range) <= (family === 4 ? 32 : 128);
  }
  return family === 4 && isIP(range) === 4;
}
