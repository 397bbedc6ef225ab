import type { ConnectedAccount } from './connected-account';
import type { IntegrationDto } from './dto/integration.dto';
import type { IntegrationEntity } from './entities/integration.entity';

/** What the API shows of a row: everything but the token columns. */
export function toIntegrationDto(row: IntegrationEntity): IntegrationDto {
  return {
    id: row.id,
    profileId: row.profileId,
    platform: row.platform,
    accountId: row.accountId,
    platformAccountId: row.platformAccountId,
    displayName: row.displayName,
    handle: row.handle,
    status: row.status,
    sandbox: row.sandbox,
    scopes: row.scopes,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    metadata: row.metadata,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toConnectedAccount(row: IntegrationEntity): ConnectedAccount {
  return {
    id: row.id,
    profileId: row.profileId,
    platform: row.platform,
    accountId: row.accountId,
    displayName: row.displayName,
    status: row.status,
    sandbox: row.sandbox,
  };
}
