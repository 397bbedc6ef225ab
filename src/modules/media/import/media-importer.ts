import type { Readable } from 'node:stream';
import type { MediaConfig } from '../../../config/media.config';
import { MediaStaging, StageLimitError, type StagedFile } from '../ingest/staging';
import { UploadFailedError } from '../media.errors';
import { driveConfirmationUrl, driveDownloadUrl, isDriveUrl } from './drive-link';
import { RemoteFetcher, tooLarge, type RemoteBody } from './remote-fetcher';

/** Drive's warning page is small; anything bigger is not that page. */
const MAX_DRIVE_PAGE_BYTES = 2 * 1024 * 1024;

/**
 * Downloads a remote URL into staging: Drive share links become direct downloads (through the
 * large-file confirmation page), the whole import runs under one total deadline, and each
 * failure becomes an `upload_failed` that says what happened.
 */
export class MediaImporter {
  constructor(
    private readonly fetcher: RemoteFetcher,
    private readonly staging: MediaStaging,
    private readonly limits: Pick<MediaConfig, 'maxBytes' | 'totalTimeoutMs'>,
  ) {}

  async download(url: string): Promise<StagedFile> {
    const signal = AbortSignal.timeout(this.limits.totalTimeoutMs);
    const open = { signal, totalTimeoutMs: this.limits.totalTimeoutMs };
    const requested = parseUrl(url);
    let remote = await this.fetcher.open(driveDownloadUrl(requested) ?? requested, open);
    if (isDriveUrl(remote.url) && /^text\/html/i.test(remote.contentType ?? '')) {
      const page = await readText(remote);
      const confirmed = driveConfirmationUrl(page, remote.url);
      if (!confirmed) {
        throw new UploadFailedError(
          'Google Drive did not offer a download: the file may be private, deleted or over its download quota',
        );
      }
      remote = await this.fetcher.open(confirmed, {
        ...open,
        headers: remote.cookies.length > 0 ? { cookie: remote.cookies.join('; ') } : {},
      });
    }
    return this.stage(remote);
  }

  /**
   * A small file (an avatar, a background) straight into memory, under its own cap and deadline
   * and with the same SSRF defences; Drive links are not followed.
   */
  async fetchSmall(url: string, limits: { maxBytes: number; timeoutMs: number }): Promise<Buffer> {
    const signal = AbortSignal.timeout(limits.timeoutMs);
    const remote = await this.fetcher.open(parseUrl(url), {
      signal,
      totalTimeoutMs: limits.timeoutMs,
    });
    if (remote.contentLength !== undefined && remote.contentLength > limits.maxBytes) {
      remote.body.destroy();
      throw tooLarge(limits.maxBytes, remote.contentLength);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of remote.body as Readable) {
        size += (chunk as Buffer).length;
        if (size > limits.maxBytes) {
          remote.body.destroy();
          throw tooLarge(limits.maxBytes);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      throw remote.explain(error);
    }
    return Buffer.concat(chunks);
  }

  private async stage(remote: RemoteBody): Promise<StagedFile> {
    try {
      return await this.staging.receive(remote.body, {
        maxBytes: this.limits.maxBytes,
        expectedBytes: remote.contentLength,
      });
    } catch (error) {
      if (error instanceof StageLimitError) {
        throw error.kind === 'too_large'
          ? tooLarge(this.limits.maxBytes)
          : new UploadFailedError(
              `The origin sent ${error.received} bytes but announced ${remote.contentLength}`,
            );
      }
      throw remote.explain(error);
    }
  }
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new UploadFailedError(`Not a valid URL: ${url}`);
  }
}

async function readText(remote: RemoteBody): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of remote.body as Readable) {
      size += (chunk as Buffer).length;
      if (size > MAX_DRIVE_PAGE_BYTES) {
        remote.body.destroy();
        break;
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw remote.explain(error);
  }
  return Buffer.concat(chunks).toString('utf8');
}
