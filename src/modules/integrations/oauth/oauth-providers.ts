import { Injectable } from '@nestjs/common';
import type { Platform } from '../../../common/platforms';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { SokuConfig } from '../../../config/soku-config';
import { PlatformNotConfiguredError } from '../integrations.errors';
import { OAuthHttp } from './oauth-http';
import type { OAuthContext, OAuthProvider } from './oauth-provider';
import { OAUTH_PROVIDERS } from './providers';

export interface ConfiguredProvider {
  provider: OAuthProvider;
  ctx: OAuthContext;
}

/** Each platform's provider joined with this server's OAuth app and endpoint overrides. */
@Injectable()
export class OAuthProviders {
  private readonly http: OAuthHttp;

  constructor(private readonly config: SokuConfig) {
    this.http = new OAuthHttp(config.integrations.oauthTimeoutMs);
  }

  provider(platform: Platform): OAuthProvider {
    return OAUTH_PROVIDERS[platform];
  }

  /** The provider ready to call, or a 400 naming the variables to set. */
  configured(platform: Platform): ConfiguredProvider {
    const app = this.config.integrations.platforms[platform];
    if (!app.clientId || !app.clientSecret) {
      throw new PlatformNotConfiguredError(platform);
    }
    return this.withContext(platform, app.clientId, app.clientSecret);
  }

  /**
   * The provider for reading accounts with a token given to us: that needs no OAuth app, but
   * the server's app is used when there is one (renewing the token will need it).
   */
  forGivenToken(platform: Platform): ConfiguredProvider {
    const app = this.config.integrations.platforms[platform];
    return this.withContext(platform, app.clientId ?? '', app.clientSecret ?? '');
  }

  private withContext(
    platform: Platform,
    clientId: string,
    clientSecret: string,
  ): ConfiguredProvider {
    const provider = OAUTH_PROVIDERS[platform];
    const app = this.config.integrations.platforms[platform];
    return {
      provider,
      ctx: {
        http: this.http,
        clientId,
        clientSecret,
        redirectUri: `${this.config.app.publicUrl}/v1/integrations/${platform}/callback`,
        graphVersion: this.config.platformApi.metaGraphVersion,
        threadsVersion: this.config.platformApi.threadsVersion,
        linkedinVersion: this.config.platformApi.linkedinVersion,
        scopes: app.scopes,
        bases: {
          auth: app.authBase ?? provider.defaultBases.auth,
          token: app.tokenBase ?? provider.defaultBases.token,
          api: platformApiBase(this.config, platform),
        },
      },
    };
  }
}
