import type { INestApplicationContext } from '@nestjs/common';
import { defaultScope, type Scope } from '../common/auth/route-auth';
import { normalizePlatform, PLATFORM_VALUES, type Platform } from '../common/platforms';
import { UsersService } from '../modules/auth';
import { ProfilesService } from '../modules/profiles';
import {
  ACCOUNT_ID_PATTERN,
  type IntegrationDto,
  GivenTokenService,
  IntegrationsService,
} from '../modules/integrations';
import { type Command, email, type Options, required, UsageError } from './cli-options';

function platform(options: Options): Platform {
  const value = required(options, 'platform');
  const found = normalizePlatform(value);
  if (!found) {
    throw new UsageError(`--platform must be one of: ${PLATFORM_VALUES.join(', ')}`);
  }
  return found;
}

function optional(options: Options, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function expiresAt(options: Options): Date | null {
  const raw = optional(options, 'expires-at');
  if (raw === undefined) {
    return null;
  }
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    throw new UsageError(`--expires-at: "${raw}" is not an ISO 8601 date-time`);
  }
  return date;
}

/** `--profile`'s profile of the user (a live one, or the 404), else the default profile. */
async function scope(
  app: INestApplicationContext,
  userId: string,
  options: Options,
): Promise<Scope> {
  const profileId = optional(options, 'profile')?.toLowerCase();
  if (profileId === undefined) {
    return defaultScope(userId);
  }
  await app.get(ProfilesService).requireLive(userId, profileId);
  return { userId, profileId };
}

const summary = (integration: IntegrationDto) => ({
  id: integration.id,
  platform: integration.platform,
  accountId: integration.accountId,
});

export const integrationCommands: Record<'integrations:add' | 'integrations:list', Command> = {
  'integrations:add': {
    async run(app, options) {
      const user = await app.get(UsersService).getByEmail(email(options));
      const owner = await scope(app, user.id, options);
      const accountId = required(options, 'account-id');
      if (!ACCOUNT_ID_PATTERN.test(accountId)) {
        throw new UsageError('--account-id must be 1 to 128 letters, digits or _ . : @ -');
      }
      const sandbox = options.sandbox === true;
      const accessToken = optional(options, 'access-token');
      if (!sandbox) {
        if (accessToken === undefined) {
          throw new UsageError('--access-token is required unless --sandbox');
        }
        // Read from the platform as a connect does; the alias names one account, so a token
        // that gives several needs --platform-account-id.
        const [integration] = await app.get(GivenTokenService).add(owner, {
          platform: platform(options),
          accessToken,
          refreshToken: optional(options, 'refresh-token'),
          expiresAt: expiresAt(options) ?? undefined,
          platformAccountId: optional(options, 'platform-account-id'),
          accountId,
        });
        return summary(integration);
      }
      const integration = await app.get(IntegrationsService).addAccount(owner, {
        platform: platform(options),
        platformAccountId: accountId,
        accountId,
        displayName: optional(options, 'display-name') ?? null,
        handle: null,
        sandbox,
        scopes: [],
        metadata: {},
        tokens: accessToken
          ? {
              accessToken,
              refreshToken: optional(options, 'refresh-token'),
              expiresAt: expiresAt(options),
            }
          : undefined,
      });
      return summary(integration);
    },
  },
  'integrations:list': {
    async run(app, options) {
      const user = await app.get(UsersService).getByEmail(email(options));
      const owner = await scope(app, user.id, options);
      return { integrations: await app.get(IntegrationsService).list(owner) };
    },
  },
};
