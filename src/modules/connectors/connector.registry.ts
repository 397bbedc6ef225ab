import { Inject, Injectable } from '@nestjs/common';
import type { Platform } from '../../common/platforms';
import { type PlatformConnector, PublishError } from './platform-connector';
import { SandboxConnector } from './sandbox.connector';

/** Multi-provider token: every real platform connector is registered under it. */
export const PLATFORM_CONNECTORS = Symbol('PLATFORM_CONNECTORS');

@Injectable()
export class ConnectorRegistry {
  private readonly byPlatform: Map<string, PlatformConnector>;

  constructor(
    @Inject(PLATFORM_CONNECTORS) connectors: PlatformConnector[],
    private readonly sandbox: SandboxConnector,
  ) {
    this.byPlatform = new Map(connectors.map((connector) => [connector.platform, connector]));
  }

  /** The connector for an account: the sandbox one for sandbox accounts, whatever the platform. */
  get(platform: Platform, sandbox: boolean): PlatformConnector {
    if (sandbox) {
      return this.sandbox;
    }
    const connector = this.byPlatform.get(platform);
    if (!connector) {
      throw new PublishError(
        'permanent',
        'connector_unavailable',
        `Publishing to ${platform} is not available on this server yet; use a sandbox account`,
      );
    }
    return connector;
  }
}
