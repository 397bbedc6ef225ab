import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { ValidationFailedError } from '../../common/errors';
import { SokuConfig } from '../../config/soku-config';
import { fetchPage, type Page, type PageRequest } from '../../common/pagination/page';
import type { MediaEntity } from './entities/media.entity';
import { MediaImporter } from './import/media-importer';
import { MediaIngest } from './ingest/media-ingest';
import { MediaStaging, StageLimitError, type StagedFile } from './ingest/staging';
import { MediaInUseError, MediaNotFoundError, UploadFailedError } from './media.errors';
import { MediaRepository } from './media.repository';
import { MediaStorage, type UploadTarget } from './storage/storage.port';
import { Transactions } from '../../database/transaction';

export interface NewUpload {
  filename: string;
  mimeType: string;
  size: number;
}

export interface UploadTicket {
  media: MediaEntity;
  target: UploadTarget;
}

/** A picture fetched into memory, its type read from the bytes. */
export interface FetchedImage {
  bytes: Buffer;
  mimeType: string;
}

/**
 * Media rules: import and direct upload end in the same place (staged, sniffed, probed, stored
 * once per profile and content); media of other users and of the user's other profiles does not
 * exist; media a pending post holds cannot be deleted.
 */
@Injectable()
export class MediaService {
  constructor(
    private readonly repository: MediaRepository,
    private readonly storage: MediaStorage,
    private readonly importer: MediaImporter,
    private readonly staging: MediaStaging,
    private readonly ingestion: MediaIngest,
    private readonly config: SokuConfig,
    private readonly transactions: Transactions,
  ) {}

  /**
   * A URL Soku issued is the media it names, never downloaded (it is often a loopback address
   * the SSRF guard rightly refuses). Only its profile may use it: a media URL is public to read,
   * but another user's (or profile's) URL does not make that media yours to publish.
   */
  async importFromUrl(scope: Scope, url: string): Promise<MediaEntity> {
    const ownKey = this.storage.keyOfPublicUrl(url);
    if (ownKey !== undefined) {
      const media = await this.repository.findReadyByStorageKey(ownKey);
      if (!media) {
        throw new UploadFailedError(`${url} is a Soku media URL, but no media is stored there`);
      }
      if (media.userId !== scope.userId) {
        throw new UploadFailedError(
          `${url} is another user's media: post your own media (its URL or mediaIds)`,
        );
      }
      if (media.profileId !== scope.profileId) {
        throw new UploadFailedError(
          `${url} is not media of this profile: post this profile's media (its URL or mediaIds)`,
        );
      }
      return media;
    }
    const staged = await this.importer.download(url);
    return this.ingestion.ingest(scope, staged, {
      id: randomUUID(),
      sourceUrl: url,
      filename: null,
    });
  }

  /**
   * For pictures a template draws: fetched with the import's SSRF defences into memory, and
   * accepted only when the bytes are one of `types`. Any failure is `upload_failed` with why.
   */
  async fetchImage(
    url: string,
    limits: { maxBytes: number; timeoutMs: number; types: readonly string[] },
  ): Promise<FetchedImage> {
    const bytes = await this.importer.fetchSmall(url, limits);
    const detected = await fileTypeFromBuffer(bytes);
    if (!detected || !limits.types.includes(detected.mime)) {
      throw new UploadFailedError(
        `The file is ${detected ? detected.mime : 'not a recognised image'}; expected ${limits.types.join(' or ')}`,
      );
    }
    return { bytes, mimeType: detected.mime };
  }

  /** The scope's ready media with this id, or null (no error: callers decide what absence means). */
  findReady(scope: Scope, id: string): Promise<MediaEntity | null> {
    return this.repository
      .findInScope(scope, id)
      .then((media) => (media?.status === 'ready' ? media : null));
  }

  /** Stores bytes Soku generated (a rendered template) as the scope's media under the caller's id. */
  storeGenerated(
    scope: Scope,
    id: string,
    bytes: Buffer,
    meta: { mimeType: string; extension: string; width: number; height: number },
  ): Promise<MediaEntity> {
    return this.ingestion.storeGenerated(scope, id, bytes, meta);
  }

  /** The public URL of a media record: what responses show and what platforms that pull are given. */
  publicUrl(media: MediaEntity): string {
    return this.storage.publicUrl(media.storageKey);
  }

  async createUpload(scope: Scope, upload: NewUpload): Promise<UploadTicket> {
    if (upload.size > this.config.media.maxBytes) {
      throw new ValidationFailedError([
        {
          field: 'body.size',
          message: `must be at most ${this.config.media.maxBytes} bytes`,
          code: 'too_big',
          received: upload.size,
        },
      ]);
    }
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + this.config.media.uploadUrlTtlSeconds * 1000);
    const media = await this.repository.insert({
      id,
      userId: scope.userId,
      profileId: scope.profileId,
      status: 'pending',
      storageKey: `upload-${id}`,
      mimeType: upload.mimeType,
      size: upload.size,
      sha256: null,
      width: null,
      height: null,
      durationSeconds: null,
      sourceUrl: null,
      filename: upload.filename,
      uploadExpiresAt: expiresAt,
    } as MediaEntity);
    const target = await this.storage.createUploadTarget(media.storageKey, {
      contentType: upload.mimeType,
      size: upload.size,
      expiresAt,
    });
    return { media, target };
  }

  /** Probes what the client uploaded and records it; completing twice returns the same media. */
  async completeUpload(scope: Scope, id: string): Promise<MediaEntity> {
    const pending = await this.repository.findInScope(scope, id);
    if (!pending) {
      throw new MediaNotFoundError(id);
    }
    if (pending.status === 'ready') {
      return pending;
    }
    const body = await this.storage.open(pending.storageKey);
    if (!body) {
      throw new UploadFailedError(
        `Nothing was uploaded for media ${id}: PUT the file to uploadUrl first`,
      );
    }
    let media: MediaEntity;
    try {
      media = await this.ingestion.ingest(
        scope,
        await this.stageUpload(body, pending.size),
        pending,
      );
    } finally {
      // Verified bytes now live under their final key; rejected ones must not stay around.
      await this.storage.remove(pending.storageKey);
    }
    if (media.id !== pending.id) {
      await this.repository.deleteInScope(scope, pending.id);
    }
    return media;
  }

  private async stageUpload(body: Readable, size: number): Promise<StagedFile> {
    try {
      return await this.staging.receive(body, {
        maxBytes: this.config.media.maxBytes,
        expectedBytes: size,
      });
    } catch (error) {
      if (error instanceof StageLimitError) {
        const received = error.kind === 'truncated' ? `${error.received}` : `more than ${size}`;
        throw new UploadFailedError(`${received} bytes were uploaded but ${size} were announced`);
      }
      throw error;
    }
  }

  async get(scope: Scope, id: string): Promise<MediaEntity> {
    const media = await this.repository.findInScope(scope, id);
    if (!media || media.status !== 'ready') {
      throw new MediaNotFoundError(id);
    }
    return media;
  }

  /** The stored bytes of the scope's media (what platforms that must be pushed are sent). */
  async open(scope: Scope, id: string): Promise<Readable> {
    const media = await this.get(scope, id);
    const body = await this.storage.open(media.storageKey);
    if (!body) {
      throw new MediaNotFoundError(id);
    }
    return body;
  }

  list<D>(scope: Scope, query: PageRequest, toDto: (media: MediaEntity) => D): Promise<Page<D>> {
    return fetchPage(
      query,
      (rows, before) => this.repository.listInScope(scope, rows, before),
      toDto,
    );
  }

  /** Refused with 409 while a holder (a post not yet published) uses it. */
  async delete(scope: Scope, id: string): Promise<void> {
    const removed = await this.transactions.run(async (tx) => {
      const [media] = await this.repository.lockInScope(tx, scope, [id]);
      if (!media) {
        throw new MediaNotFoundError(id);
      }
      if (await this.repository.isInUse(media.id)) {
        throw new MediaInUseError(id);
      }
      await this.repository.deleteWithin(tx, scope, media.id);
      return media;
    });
    await this.storage.remove(removed.storageKey);
  }

  /**
   * For the posts module: marks the scope's media as needed by `holder` (e.g.
   * `post:<submissionId>`) inside the caller's transaction, so DELETE answers 409 until
   * `releaseUsage(holder)`. Throws 404 for an id that is not the scope's ready media.
   */
  async acquireUsage(
    manager: EntityManager,
    scope: Scope,
    mediaIds: string[],
    holder: string,
  ): Promise<void> {
    const ids = [...new Set(mediaIds)];
    if (ids.length === 0) {
      return;
    }
    const found = new Set(
      (await this.repository.lockInScope(manager, scope, ids)).map((m) => m.id),
    );
    const missing = ids.find((id) => !found.has(id));
    if (missing) {
      throw new MediaNotFoundError(missing);
    }
    await this.repository.addUsages(manager, ids, holder);
  }

  /** The holder is done (published, failed or cancelled): its media may be deleted again. */
  releaseUsage(manager: EntityManager, holder: string): Promise<void> {
    return this.repository.releaseUsages(manager, holder);
  }
}
