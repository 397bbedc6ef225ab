import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadConfig } from '../../config/soku-config';
import { type Keyring, loadKeyring } from '../../infra/vault/encryption-keys';
import { TokenVault } from '../../infra/vault/token-vault';

/** A clear secret; vault ciphertexts start with their version (`v1.`). */
const CLEAR = `secret LIKE 'whsec\\_%'`;

/**
 * The vault context an endpoint's secret is bound to, as the webhooks module spelt it when this
 * migration was written. A migration is frozen: it keeps its own copy rather than import a module.
 */
const secretContext = (endpointId: string): string => `webhook:${endpointId}:secret`;

/**
 * Webhook signing secrets were stored in clear: encrypt every one under the token vault, bound to
 * its endpoint. The keyring is the app's (SOKU_ENCRYPTION_KEY or the data dir's key), loaded only
 * when there is something to encrypt, so an empty database needs no key.
 */
export class EncryptWebhookSecrets1766700000000 implements MigrationInterface {
  constructor(private readonly keyring?: Keyring) {}

  async up(runner: QueryRunner): Promise<void> {
    await this.rewrite(runner, CLEAR, (vault, secret, context) => vault.encrypt(secret, context));
  }

  async down(runner: QueryRunner): Promise<void> {
    await this.rewrite(runner, `NOT ${CLEAR}`, (vault, secret, context) =>
      vault.decrypt(secret, context),
    );
  }

  private async rewrite(
    runner: QueryRunner,
    where: string,
    transform: (vault: TokenVault, secret: string, context: string) => string,
  ): Promise<void> {
    const rows = (await runner.query(
      `SELECT id, secret FROM webhook_endpoints WHERE ${where} FOR UPDATE`,
    )) as { id: string; secret: string }[];
    if (rows.length === 0) {
      return;
    }
    const vault = this.vault();
    for (const row of rows) {
      await runner.query(`UPDATE webhook_endpoints SET secret = $2 WHERE id = $1`, [
        row.id,
        transform(vault, row.secret, secretContext(row.id)),
      ]);
    }
  }

  private vault(): TokenVault {
    if (this.keyring) {
      return new TokenVault(this.keyring);
    }
    const config = loadConfig();
    return new TokenVault(loadKeyring(config.integrations, config.app.dataDir));
  }
}
