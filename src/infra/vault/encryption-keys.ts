import { ensurePrivateDir } from '../../common/private-dir';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IntegrationsConfig } from '../../config/integrations.config';

export interface VaultKey {
  /** Derived from the key itself, so the same key has the same id on every instance. */
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: VaultKey;
  byId: Map<string, VaultKey>;
}

/** Reads a 32-byte key written as hex (64 characters) or base64 (44 characters). */
export function parseKey(text: string): VaultKey {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, /^[0-9a-fA-F]{64}$/.test(trimmed) ? 'hex' : 'base64');
  if (key.length !== 32) {
    throw new Error('An encryption key must be 32 bytes');
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

/**
 * The vault's keys: SOKU_ENCRYPTION_KEY (plus retired ones for decrypting), or, when unset, a key
 * generated once into the data dir with mode 0600 so an embedded install needs no setup.
 */
export function loadKeyring(config: IntegrationsConfig, dataDir: string): Keyring {
  const current = parseKey(config.encryptionKey ?? keyFromDataDir(dataDir));
  const keys = [current, ...config.previousEncryptionKeys.map(parseKey)];
  return { current, byId: new Map(keys.map((key) => [key.id, key])) };
}

function keyFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, 'secrets', 'encryption.key');
  if (!fs.existsSync(file)) {
    ensurePrivateDir(path.dirname(file));
    try {
      // 'wx': if another process wrote the key meanwhile, keep theirs.
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }
  return fs.readFileSync(file, 'utf8');
}
