import type { Platform } from '../../src/common/platforms';
import type { IntegrationDto } from '../../src/modules/integrations/dto/integration.dto';
import { IntegrationsService } from '../../src/modules/integrations/integrations.service';
import type { TestApp } from './test-app';

/**
 * Connects an account (a sandbox one unless told otherwise) through the integrations service; a
 * real one (`sandbox: false`) publishes through its platform's connector to the configured API base.
 */
export function addAccount(
  t: TestApp,
  userId: string,
  platform: Platform,
  accountId: string,
  opts: {
    sandbox?: boolean;
    accessToken?: string;
    refreshToken?: string;
    metadata?: Record<string, unknown>;
  } = {},
): Promise<IntegrationDto> {
  return t.app.get(IntegrationsService).addAccount(userId, {
    platform,
    platformAccountId: accountId,
    accountId,
    displayName: null,
    handle: null,
    sandbox: opts.sandbox ?? true,
    scopes: [],
    metadata: opts.metadata ?? {},
    tokens: opts.accessToken
      ? { accessToken: opts.accessToken, refreshToken: opts.refreshToken }
      : undefined,
  });
}
