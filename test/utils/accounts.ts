import type { Platform } from '../../src/common/platforms';
import type { IntegrationDto } from '../../src/modules/integrations/dto/integration.dto';
import { IntegrationsService } from '../../src/modules/integrations/integrations.service';
import type { TestApp } from './test-app';

export interface AddAccountOptions {
  sandbox?: boolean;
  accessToken?: string;
  refreshToken?: string;
  /** The platform ids connectors publish with (igUserId, pageId, threadsUserId, userId…). */
  metadata?: Record<string, unknown>;
  platformAccountId?: string;
  /** The profile to connect it into; the user's default profile when omitted. */
  profileId?: string;
}

/**
 * Connects an account (a sandbox one unless told otherwise) through the integrations service; a
 * real one (`sandbox: false`) publishes through the platform's connector.
 */
export function addAccount(
  t: TestApp,
  userId: string,
  platform: Platform,
  accountId: string,
  opts: AddAccountOptions = {},
): Promise<IntegrationDto> {
  return t.app.get(IntegrationsService).addAccount(
    { userId, profileId: opts.profileId ?? userId },
    {
      platform,
      platformAccountId: opts.platformAccountId ?? accountId,
      accountId,
      displayName: null,
      handle: null,
      sandbox: opts.sandbox ?? true,
      scopes: [],
      metadata: opts.metadata ?? {},
      tokens: opts.accessToken
        ? { accessToken: opts.accessToken, refreshToken: opts.refreshToken }
        : undefined,
    },
  );
}
