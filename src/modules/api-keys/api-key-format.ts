import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const API_KEY_PREFIX = 'sk_live_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 43; // 32 random bytes in base62
const CHECKSUM_LENGTH = 6; // CRC32 in base62
const SHAPE = new RegExp(`^sk_live_[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);

function base62(value: bigint, length: number): string {
  let out = '';
  let rest = value;
  while (rest > 0n) {
    out = ALPHABET[Number(rest % 62n)] + out;
    rest /= 62n;
  }
  return out.padStart(length, '0');
}

function checksum(body: string): string {
  return base62(BigInt(crc32(body)), CHECKSUM_LENGTH);
}

/**
 * A new key: `sk_live_` + 256 random bits in base62 + a CRC32 checksum (GitHub's layout), so a
 * mistyped or made-up key is refused without touching the database.
 */
export function generateApiKey(): string {
  const body = base62(BigInt(`0x${randomBytes(32).toString('hex')}`), BODY_LENGTH);
  return `${API_KEY_PREFIX}${body}${checksum(body)}`;
}

export function isWellFormedApiKey(candidate: string): boolean {
  if (!SHAPE.test(candidate)) {
    return false;
  }
  const body = candidate.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + BODY_LENGTH);
  return candidate.endsWith(checksum(body));
}

/** The key's id and the only form in which it is stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function tokenPreview(last4: string): string {
  return `${API_KEY_PREFIX}********${last4}`;
}
