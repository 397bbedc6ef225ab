import {
  apiVersionNotices,
  linkedinSunset,
  pinnedApiVersions,
  SUNSET_WARNING_DAYS,
} from './api-version-sunsets';
import { loadConfig } from './soku-config';

const DAY_MS = 86_400_000;

describe('pinned API versions', () => {
  it('keeps every default version outside its sunset warning window today', () => {
    // Fails the build once a default needs replacing, before users see the warning.
    const limit = Date.now() + SUNSET_WARNING_DAYS * DAY_MS;
    for (const pinned of pinnedApiVersions(loadConfig({}).platformApi)) {
      if (pinned.sunsetAt) {
        expect({ [pinned.setting]: pinned.sunsetAt.getTime() > limit }).toEqual({
          [pinned.setting]: true,
        });
      }
    }
  });

  it('counts a LinkedIn version supported for twelve months from its release month', () => {
    expect(linkedinSunset('202510').toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(linkedinSunset('202611').toISOString()).toBe('2027-11-01T00:00:00.000Z');
  });

  it('says nothing while every pinned version is far from its sunset', () => {
    const config = loadConfig({ SOKU_LINKEDIN_VERSION: '202611' }).platformApi;
    expect(apiVersionNotices(config, new Date('2026-12-06T00:00:00Z'))).toEqual([]);
  });

  it('warns about a version within 60 days of its sunset and one past it', () => {
    const config = loadConfig({
      SOKU_LINKEDIN_VERSION: '202510',
      SOKU_META_GRAPH_VERSION: 'v23.0',
    }).platformApi;
    const notices = apiVersionNotices(config, new Date('2027-09-01T00:00:00Z'));
    expect(notices).toEqual([
      {
        setting: 'SOKU_META_GRAPH_VERSION',
        version: 'v23.0',
        sunsetAt: '2027-10-08',
        daysLeft: 37,
        message:
          'Facebook, Instagram API version v23.0 (SOKU_META_GRAPH_VERSION) is sunset on 2027-10-08: set a newer version',
      },
      expect.objectContaining({
        setting: 'SOKU_LINKEDIN_VERSION',
        sunsetAt: '2026-10-01',
        message: expect.stringContaining('was sunset on 2026-10-01') as string,
      }),
    ]);
  });

  it('has nothing to say about a version whose sunset is not documented', () => {
    const config = loadConfig({
      SOKU_META_GRAPH_VERSION: 'v26.0',
      SOKU_THREADS_API_VERSION: 'v1.0',
    }).platformApi;
    const undated = pinnedApiVersions(config).filter((p) => !p.sunsetAt);
    expect(undated.map((p) => p.setting)).toEqual([
      'SOKU_META_GRAPH_VERSION',
      'SOKU_THREADS_API_VERSION',
    ]);
  });
});
