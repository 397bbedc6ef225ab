import type { Readable } from 'node:stream';
import type { StagedFile } from '../ingest/staging';

/** Where a client sends the bytes of a direct upload. */
export interface UploadTarget {
  method: 'PUT';
  url: string;
  /** Headers the PUT must carry exactly, because they are part of the signature. */
  headers: Record<string, string>;
}

export interface UploadTargetOptions {
  contentType: string;
  size: number;
  expiresAt: Date;
}

/**
 * Where media bytes live, a DI token: one adapter is chosen at boot from validated config (a
 * folder served by Soku, or an S3-compatible bucket). Keys are flat names Soku generates.
 */
export abstract class MediaStorage {
  /** Moves a complete, verified staged file into storage; the staged file is gone afterwards. */
  abstract put(key: string, file: StagedFile, contentType: string): Promise<void>;

  /** Deletes an object; a missing one is fine. */
  abstract remove(key: string): Promise<void>;

  /** The stable public URL platforms will fetch. */
  abstract publicUrl(key: string): string;

  /** A URL that accepts one PUT of exactly these bytes until `expiresAt`. */
  abstract createUploadTarget(key: string, options: UploadTargetOptions): Promise<UploadTarget>;

  /** The bytes stored under `key` (a stored media, or a client's direct upload); undefined when none. */
  abstract open(key: string): Promise<Readable | undefined>;

  /** The key in a URL this storage issued (see publicUrl); undefined for any other URL. */
  keyOfPublicUrl(url: string): string | undefined {
    const base = new URL(this.publicUrl(''));
    let candidate: URL;
    try {
      candidate = new URL(url);
    } catch {
      return undefined;
    }
    if (candidate.origin !== base.origin || !candidate.pathname.startsWith(base.pathname)) {
      return undefined;
    }
    const key = candidate.pathname.slice(base.pathname.length);
    return /^[\w-]+\.\w+$/.test(key) ? key : undefined;
  }
}
