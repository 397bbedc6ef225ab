import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Scope } from '../../common/auth/route-auth';
import type { Platform } from '../../common/platforms';
import { APP_LOGGER } from '../../config/config.module';
import { ProfileNotFoundError, ProfilesService } from '../profiles';
import { AccountImporter } from './account-importer';
import type { ConnectedAccount } from './connected-account';
import type { ConnectStartedDto } from './dto/integration.dto';
import { toConnectedAccount } from './integration-views';
import {
  AuthorizationDeniedError,
  ConnectProfileDeletedError,
  connectError,
  InvalidOAuthStateError,
} from './integrations.errors';
import { OAuthStatesRepository } from './oauth-states.repository';
import { OAuthRequestError } from './oauth/oauth-http';
import { OAuthProviders } from './oauth/oauth-providers';
import { authorizationUrl, exchangeCode } from './oauth/oauth2';
import { createPkcePair } from './oauth/pkce';
import { TokenVault } from '../../infra/vault/token-vault';

const STATE_TTL_MS = 10 * 60_000;
const MAX_PARAM = 4096;

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');
const verifierContext = (stateHash: string) => `${stateHash}:pkce`;

export interface ConnectResult {
  platform: Platform;
  accounts: ConnectedAccount[];
}

/**
 * The OAuth connect flow: a single-use, ten-minute `state` (with a PKCE verifier where the
 * platform supports it) ties the callback to the user and the profile it was started in. The
 * browser that comes back carries no key (an agency sends the link to its client), so the
 * accounts land in the state's profile.
 */
@Injectable()
export class OAuthConnectService {
  constructor(
    private readonly providers: OAuthProviders,
    private readonly states: OAuthStatesRepository,
    private readonly importer: AccountImporter,
    private readonly vault: TokenVault,
    private readonly profiles: ProfilesService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async start(scope: Scope, platform: Platform): Promise<ConnectStartedDto> {
    const { provider, ctx } = this.providers.configured(platform);
    const state = randomBytes(32).toString('base64url');
    const stateHash = hashState(state);
    const pkce = provider.pkce ? createPkcePair() : null;
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    await this.states.insert({
      stateHash,
      userId: scope.userId,
      profileId: scope.profileId,
      platform,
      codeVerifier: pkce ? this.vault.encrypt(pkce.verifier, verifierContext(stateHash)) : null,
      expiresAt,
    });
    return {
      authorizationUrl: authorizationUrl(provider, ctx, state, pkce?.challenge ?? null),
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** The platform sent the browser back: check the state, exchange the code, store the accounts. */
  async complete(platform: Platform, query: Record<string, unknown>): Promise<ConnectResult> {
    const { provider, ctx } = this.providers.configured(platform);
    const state = param(query, 'state');
    // Consumed before anything else, so a state works once whatever the outcome.
    const pending = state ? await this.states.consume(hashState(state)) : null;
    if (!pending || pending.platform !== platform) {
      throw new InvalidOAuthStateError();
    }
    const scope: Scope = { userId: pending.userId, profileId: pending.profileId };
    await this.requireLiveProfile(scope);
    const denied = param(query, 'error');
    if (denied) {
      const description = param(query, 'error_description') ?? param(query, 'error_reason');
      throw new AuthorizationDeniedError(description ? `${denied}: ${description}` : denied);
    }
    const code = param(query, 'code');
    if (!code) {
      throw new AuthorizationDeniedError('the platform sent no authorization code');
    }
    const verifier = pending.codeVerifier
      ? this.vault.decrypt(pending.codeVerifier, verifierContext(pending.stateHash))
      : null;
    try {
      const tokens = await exchangeCode(provider, ctx, code, verifier);
      const rows = await this.importer.import(scope, platform, { provider, ctx }, tokens);
      const accounts = rows.map(toConnectedAccount);
      this.logger.info(
        { userId: scope.userId, profileId: scope.profileId, platform, accounts: accounts.length },
        'accounts connected',
      );
      return { platform, accounts };
    } catch (error) {
      throw error instanceof OAuthRequestError ? connectError(platform, error) : error;
    }
  }

  /** Before the code is exchanged: a deleted profile gets no account, and no token is minted. */
  private async requireLiveProfile(scope: Scope): Promise<void> {
    try {
      await this.profiles.requireLive(scope.userId, scope.profileId);
    } catch (error) {
      throw error instanceof ProfileNotFoundError ? new ConnectProfileDeletedError() : error;
    }
  }
}

/** A single string query parameter; arrays, objects and oversized values count as absent. */
function param(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value !== '' && value.length <= MAX_PARAM ? value : undefined;
}
