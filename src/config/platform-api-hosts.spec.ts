import { PLATFORMS } from '../common/platforms';
import { PLATFORM_API_HOSTS, platformApiBase } from './platform-api-hosts';
import { loadConfig } from './soku-config';

describe('platform API hosts', () => {
  it("calls each platform's real API host over HTTPS when nothing is configured", () => {
    const config = loadConfig({});
    for (const platform of PLATFORMS) {
      expect(platformApiBase(config, platform)).toBe(PLATFORM_API_HOSTS[platform]);
      expect(new URL(PLATFORM_API_HOSTS[platform]).protocol).toBe('https:');
    }
    expect(platformApiBase(config, 'linkedin')).toBe('https://api.linkedin.com');
  });

  it('calls SOKU_<PLATFORM>_API_BASE instead when it is set, for that platform only', () => {
    const config = loadConfig({ SOKU_TIKTOK_API_BASE: 'http://127.0.0.1:9999' });
    expect(platformApiBase(config, 'tiktok')).toBe('http://127.0.0.1:9999');
    expect(platformApiBase(config, 'youtube')).toBe('https://www.googleapis.com');
  });
});
