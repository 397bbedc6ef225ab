import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IntegrationsConfig } from '../../config/integrations.config';
import { loadKeyring, parseKey } from './encryption-keys';
import { TokenVault, VaultKeyMissingError } from './token-vault';

const newKey = () => randomBytes(32).toString('base64');
const config = (encryptionKey?: string, previous: string[] = []) =>
  ({ encryptionKey, previousEncryptionKeys: previous }) as IntegrationsConfig;

describe('TokenVault', () => {
  const vault = new TokenVault(loadKeyring(config(newKey()), '/nonexistent'));

  it('should round-trip and never contain the plaintext', () => {
    const sealed = vault.encrypt('secret-token', 'id-1:access');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{12}\./);
    expect(sealed).not.toContain('secret-token');
    expect(vault.decrypt(sealed, 'id-1:access')).toBe('secret-token');
  });

  it('should use a fresh IV each time', () => {
    expect(vault.encrypt('same', 'c')).not.toBe(vault.encrypt('same', 'c'));
  });

  it('should refuse a ciphertext moved to another context', () => {
    const sealed = vault.encrypt('secret-token', 'id-1:access');
    expect(() => vault.decrypt(sealed, 'id-2:access')).toThrow();
    expect(() => vault.decrypt(sealed, 'id-1:refresh')).toThrow();
  });

  it('should refuse a tampered ciphertext', () => {
    const parts = vault.encrypt('secret-token', 'c').split('.');
    const data = Buffer.from(parts[4], 'base64url');
    data[0] ^= 1;
    parts[4] = data.toString('base64url');
    expect(() => vault.decrypt(parts.join('.'), 'c')).toThrow();
  });

  it('should decrypt with a previous key after a rotation, and encrypt with the new one', () => {
    const oldKey = newKey();
    const before = new TokenVault(loadKeyring(config(oldKey), '/nonexistent'));
    const sealed = before.encrypt('secret-token', 'c');
    const after = new TokenVault(loadKeyring(config(newKey(), [oldKey]), '/nonexistent'));
    expect(after.decrypt(sealed, 'c')).toBe('secret-token');
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.encrypt('x', 'c').split('.')[1]).toBe(after.currentKeyId);
  });

  it('should name the missing key when a retired key was dropped', () => {
    const sealed = new TokenVault(loadKeyring(config(newKey()), '/x')).encrypt('t', 'c');
    expect(() => vault.decrypt(sealed, 'c')).toThrow(VaultKeyMissingError);
  });

  it('should accept hex and base64 keys with the same id for the same bytes', () => {
    const bytes = randomBytes(32);
    expect(parseKey(bytes.toString('hex')).id).toBe(parseKey(bytes.toString('base64')).id);
  });

  it('should generate the embedded key once, mode 0600, and reuse it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-vault-'));
    try {
      const first = loadKeyring(config(), dir);
      const file = path.join(dir, 'secrets', 'encryption.key');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(loadKeyring(config(), dir).current.id).toBe(first.current.id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
