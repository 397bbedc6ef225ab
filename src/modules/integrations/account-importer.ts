import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import type { Platform } from '../../common/platforms';
import { AccountLinker, type AccountToLink } from './account-linker';
import type { IntegrationEntity } from './entities/integration.entity';
import {
  AccountChoiceRequiredError,
  AccountNotInTokenError,
  NoAccountsFoundError,
} from './integrations.errors';
import type {
  OAuthContext,
  OAuthProvider,
  ProviderAccount,
  TokenSet,
} from './oauth/oauth-provider';

/** Which of the token's accounts to store, and under which alias; all of them by default. */
export interface AccountChoice {
  platformAccountId?: string;
  accountId?: string;
}

/**
 * Reads from the platform the accounts a token gives (IG user id, Page id and token, Threads user
 * id, person URN, …) and stores each. The OAuth callback and every "add with a token" path go
 * through here, so an account's details never depend on how its token was obtained.
 */
@Injectable()
export class AccountImporter {
  constructor(private readonly linker: AccountLinker) {}

  async import(
    scope: Scope,
    platform: Platform,
    configured: { provider: OAuthProvider; ctx: OAuthContext },
    tokens: TokenSet,
    choice: AccountChoice = {},
  ): Promise<IntegrationEntity[]> {
    const { provider, ctx } = configured;
    const chosen = choose(platform, await provider.readAccounts(ctx, tokens), choice);
    return this.linker.linkAll(
      scope,
      platform,
      chosen.map((account): AccountToLink => {
        const own = account.tokens ?? tokens;
        return {
          platform,
          platformAccountId: account.platformAccountId,
          accountId: choice.accountId,
          displayName: account.displayName,
          handle: account.handle,
          sandbox: false,
          scopes: [...(tokens.scopes ?? ctx.scopes ?? provider.scopes)],
          metadata: account.metadata,
          tokens: {
            accessToken: own.accessToken,
            refreshToken: own.refreshToken,
            expiresAt: own.expiresAt,
          },
        };
      }),
    );
  }
}

function choose(
  platform: Platform,
  found: ProviderAccount[],
  choice: AccountChoice,
): ProviderAccount[] {
  if (found.length === 0) {
    throw new NoAccountsFoundError(platform);
  }
  const ids = found.map((account) => account.platformAccountId);
  if (choice.platformAccountId !== undefined) {
    const picked = found.filter(
      (account) => account.platformAccountId === choice.platformAccountId,
    );
    if (picked.length === 0) {
      throw new AccountNotInTokenError(platform, choice.platformAccountId, ids);
    }
    return picked;
  }
  if (choice.accountId !== undefined && found.length > 1) {
    throw new AccountChoiceRequiredError(platform, ids);
  }
  return found;
}
