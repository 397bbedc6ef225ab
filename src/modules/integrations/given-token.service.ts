import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import { normalizePlatform, type Platform } from '../../common/platforms';
import { type AccountChoice, AccountImporter } from './account-importer';
import type { IntegrationDto } from './dto/integration.dto';
import type { AddIntegrationWithTokenDto } from './dto/integration-requests.dto';
import { toIntegrationDto } from './integration-views';
import { givenTokenError } from './integrations.errors';
import { OAuthRequestError } from './oauth/oauth-http';
import { OAuthProviders } from './oauth/oauth-providers';

/** A token obtained outside Soku (another tool, the platform's console). */
export interface GivenToken extends AccountChoice {
  platform: Platform;
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date;
}

/** The validated body of a "bring your own token" request (the pipe checked the platform). */
export function givenTokenFrom(body: AddIntegrationWithTokenDto): GivenToken {
  return {
    platform: normalizePlatform(body.platform)!,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt),
    platformAccountId: body.platformAccountId,
    accountId: body.accountId,
  };
}

/**
 * Adds accounts with a token given to us (the API, the admin API, the CLI), reading their details
 * from the platform exactly as the OAuth callback does; a token the platform refuses adds nothing.
 */
@Injectable()
export class GivenTokenService {
  constructor(
    private readonly providers: OAuthProviders,
    private readonly importer: AccountImporter,
  ) {}

  async add(scope: Scope, given: GivenToken): Promise<IntegrationDto[]> {
    const { platform, accessToken, refreshToken, expiresAt, ...choice } = given;
    try {
      const rows = await this.importer.import(
        scope,
        platform,
        this.providers.forGivenToken(platform),
        // What the token was granted is unknown: no scope is claimed for it.
        { accessToken, refreshToken, expiresAt, scopes: [], extras: {} },
        choice,
      );
      return rows.map(toIntegrationDto);
    } catch (error) {
      throw error instanceof OAuthRequestError ? givenTokenError(platform, error) : error;
    }
  }
}
