import { Readable } from 'node:stream';
import type { Platform } from '../../src/common/platforms';
import type { Env } from '../../src/config/env-slice';
import { loadConfig, type SokuConfig } from '../../src/config/soku-config';
import type {
  PlatformConnector,
  PublishMedia,
  PublishRequest,
  PublishResult,
} from '../../src/modules/connectors/platform-connector';
import { PublishError } from '../../src/modules/connectors/platform-connector';
import type { PostContent } from '../../src/modules/connectors/post-content';

/** Config for a connector under test: the platform's API at `apiBase`, no waiting. */
export function connectorConfig(platform: Platform, apiBase: string, env: Env = {}): SokuConfig {
  return loadConfig({
    NODE_ENV: 'test',
    SOKU_DATA_DIR: '/tmp/soku-contract',
    [`SOKU_${platform.toUpperCase()}_API_BASE`]: apiBase,
    SOKU_PLATFORM_POLL_INTERVAL_MS: '10',
    ...env,
  });
}

/** A stored media item whose bytes come from memory, as the Publisher hands them over. */
export function media(
  bytes: Buffer,
  opts: Partial<Omit<PublishMedia, 'open' | 'size'>> = {},
): PublishMedia {
  const mimeType = opts.mimeType ?? 'video/mp4';
  return {
    id: opts.id ?? 'media-1',
    kind: opts.kind ?? (mimeType.startsWith('video/') ? 'video' : 'image'),
    mimeType,
    size: bytes.length,
    width: opts.width ?? 1080,
    height: opts.height ?? 1920,
    durationSeconds: opts.durationSeconds ?? 12,
    url: opts.url ?? 'http://127.0.0.1:9/media/media-1.mp4',
    // Sent in 64 KiB pieces, as a file stream would be.
    open: () =>
      Promise.resolve(
        Readable.from(
          (function* () {
            for (let i = 0; i < bytes.length; i += 65_536) {
              yield bytes.subarray(i, i + 65_536);
            }
          })(),
        ),
      ),
  };
}

/** One run's request; `state` and `saved` follow its saveState calls across attempts. */
export class RunHarness {
  state: Record<string, unknown> = {};
  saved: Record<string, unknown>[] = [];
  attempt = 0;

  constructor(
    private readonly platform: Platform,
    private readonly content: PostContent,
    private readonly items: PublishMedia[],
    public accessToken = 'valid-token',
    private readonly metadata: Record<string, unknown> = {},
  ) {}

  request(): PublishRequest {
    this.attempt++;
    return {
      runId: 'run-1',
      platform: this.platform,
      accountId: 'acct',
      attempt: this.attempt,
      content: this.content,
      mediaType: this.items.some((m) => m.kind === 'video')
        ? 'video'
        : this.items.length
          ? 'image'
          : 'text',
      media: this.items,
      accessToken: this.accessToken,
      metadata: this.metadata,
      state: structuredClone(this.state),
      saveState: (state) => {
        this.state = structuredClone(state);
        this.saved.push(this.state);
        return Promise.resolve();
      },
      signal: new AbortController().signal,
    };
  }

  /** What the Publisher does: publish again on `deferred`, until a result or another failure. */
  async publishUntilSettled(
    connector: PlatformConnector,
    maxDeferrals = 20,
  ): Promise<PublishResult> {
    for (let i = 0; ; i++) {
      try {
        return await connector.publish(this.request());
      } catch (error) {
        if (!(error instanceof PublishError) || error.kind !== 'deferred' || i >= maxDeferrals) {
          throw error;
        }
      }
    }
  }
}

export async function failureOf(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the publish to fail');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof PublishError)) {
    throw error;
  }
  return error;
}

/** Deterministic bytes, different at every offset, so a misplaced chunk shows. */
export function patternBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  }
  return bytes;
}
