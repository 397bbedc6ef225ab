import { ConfigValidationError, loadConfig } from './soku-config';

describe('platform API configuration', () => {
  it("defaults to the platforms' own sizes and versions", () => {
    expect(loadConfig({}).platformApi).toEqual({
      metaGraphVersion: 'v23.0',
      threadsVersion: 'v1.0',
      linkedinVersion: '202611',
      timeoutMs: 120_000,
      pollIntervalMs: 2_000,
      pollMaxIntervalMs: 10_000,
      pollMaxAttempts: 12,
      pollTimeoutMs: 6 * 3_600_000,
      processingRecheckMs: 60_000,
      processingMaxWaitMs: 30 * 60_000,
      quotaRetryMs: 3_600_000,
      xUploadChunkBytes: 1024 * 1024,
      tiktokVideoSource: 'FILE_UPLOAD',
      tiktokChunkBytes: 10 * 1024 * 1024,
      tiktokStatusPollMs: 5_000,
      tiktokAppAudited: true,
      youtubeChunkBytes: 8 * 1024 * 1024,
      snapchatChunkBytes: 32 * 1024 * 1024,
    });
  });

  it('refuses chunk sizes the platforms refuse, and names each variable', () => {
    let caught: unknown;
    try {
      loadConfig({
        SOKU_TIKTOK_CHUNK_BYTES: String(4 * 1024 * 1024),
        SOKU_YOUTUBE_CHUNK_BYTES: String(300 * 1024),
        SOKU_SNAPCHAT_CHUNK_BYTES: String(33 * 1024 * 1024),
        SOKU_TIKTOK_VIDEO_SOURCE: 'UPLOAD',
        SOKU_LINKEDIN_VERSION: '2025-10',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    expect((caught as ConfigValidationError).problems.map((p) => p.variable).sort()).toEqual([
      'SOKU_LINKEDIN_VERSION',
      'SOKU_SNAPCHAT_CHUNK_BYTES',
      'SOKU_TIKTOK_CHUNK_BYTES',
      'SOKU_TIKTOK_VIDEO_SOURCE',
      'SOKU_YOUTUBE_CHUNK_BYTES',
    ]);
    expect(
      loadConfig({ SOKU_YOUTUBE_CHUNK_BYTES: String(512 * 1024) }).platformApi.youtubeChunkBytes,
    ).toBe(512 * 1024);
  });
});
