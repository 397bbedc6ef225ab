import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './encryption-keys';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

export class VaultKeyMissingError extends Error {
  constructor(keyId: string) {
    super(
      `A token is encrypted under key ${keyId}, which is not configured: add that key to SOKU_ENCRYPTION_PREVIOUS_KEYS`,
    );
    this.name = 'VaultKeyMissingError';
  }
}

/**
 * AES-256-GCM for tokens at rest. A ciphertext reads `v1.<keyId>.<iv>.<tag>.<data>` (base64url)
 * and is bound to a context (e.g. `<integration id>:access`) as additional data, so a ciphertext
 * copied into another row or column does not decrypt.
 */
export class TokenVault {
  constructor(private readonly keys: Keyring) {}

  get currentKeyId(): string {
    return this.keys.current.id;
  }

  encrypt(plaintext: string, context: string): string {
    const { id, key } = this.keys.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv).setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, id, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(ciphertext: string, context: string): string {
    const [version, keyId, iv, tag, data] = ciphertext.split('.');
    if (version !== VERSION || data === undefined) {
      throw new Error('Not a vault ciphertext');
    }
    const key = this.keys.byId.get(keyId);
    if (!key) {
      throw new VaultKeyMissingError(keyId);
    }
    const decipher = createDecipheriv(ALGORITHM, key.key, Buffer.from(iv, 'base64url'))
      .setAAD(Buffer.from(context))
      .setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
