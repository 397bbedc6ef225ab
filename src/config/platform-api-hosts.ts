import type { Platform } from '../common/platforms';
import type { SokuConfig } from './soku-config';

/**
 * Each platform's real API host: where its connector publishes and where its OAuth flow reads the
 * account's details. One table for both, so they cannot drift apart.
 */
export const PLATFORM_API_HOSTS: Record<Platform, string> = {
  x: 'https://api.x.com',
  instagram: 'https://graph.facebook.com',
  facebook: 'https://graph.facebook.com',
  threads: 'https://graph.threads.net',
  tiktok: 'https://open.tiktokapis.com',
  youtube: 'https://www.googleapis.com',
  linkedin: 'https://api.linkedin.com',
  snapchat: 'https://businessapi.snapchat.com',
};

/** `SOKU_<PLATFORM>_API_BASE` (a test fake, a proxy), else the platform's real API host. */
export function platformApiBase(config: SokuConfig, platform: Platform): string {
  return config.integrations.platforms[platform].apiBase ?? PLATFORM_API_HOSTS[platform];
}
