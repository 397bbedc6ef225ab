import type { Platform } from '../../common/platforms';
import type { SokuConfig } from '../../config/soku-config';
import { OAUTH_PROVIDERS } from '../integrations/oauth/providers';

/** `SOKU_<PLATFORM>_API_BASE`, else the platform's real API host (the one its OAuth reads from). */
export function platformApiBase(config: SokuConfig, platform: Platform): string {
  return (
    config.integrations.platforms[platform].apiBase ?? OAUTH_PROVIDERS[platform].defaultBases.api
  );
}
