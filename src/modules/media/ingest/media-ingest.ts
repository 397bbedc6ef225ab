import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Scope } from '../../../common/auth/route-auth';
import { ServiceUnavailableError } from '../../../common/errors';
import { APP_LOGGER } from '../../../config/config.module';
import type { MediaEntity } from '../entities/media.entity';
import { MediaRepository } from '../media.repository';
import { MediaStorage } from '../storage/storage.port';
import { probeMedia } from './probe';
import { MediaStaging, discard, type StagedFile } from './staging';
import { isUniqueViolation } from '../../../database/unique-violation';

/**
 * Staged bytes → stored media, shared by import, direct upload and generated images: stored
 * once per profile and content, never an object in storage without its row, never a staged file
 * left behind.
 */
@Injectable()
export class MediaIngest {
  constructor(
    private readonly repository: MediaRepository,
    private readonly storage: MediaStorage,
    private readonly staging: MediaStaging,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The profile's existing copy when the content is already there, otherwise sniffed, probed,
   * stored under `<id>.<ext>` and recorded (over the pending row of a direct upload). The
   * dedupe is per profile: a copy in another profile is not this one's to hand out.
   */
  async ingest(
    scope: Scope,
    staged: StagedFile,
    origin: Pick<MediaEntity, 'id' | 'sourceUrl' | 'filename'>,
  ): Promise<MediaEntity> {
    try {
      const existing = await this.repository.findReadyBySha256(scope, staged.sha256);
      if (existing) {
        return existing;
      }
      const probe = await probeMedia(staged.path);
      const key = `${origin.id}.${probe.extension}`;
      await this.store(key, staged, probe.mimeType);
      const media = {
        id: origin.id,
        userId: scope.userId,
        profileId: scope.profileId,
        status: 'ready',
        storageKey: key,
        mimeType: probe.mimeType,
        size: staged.size,
        sha256: staged.sha256,
        width: probe.width ?? null,
        height: probe.height ?? null,
        durationSeconds: probe.durationSeconds ?? null,
        sourceUrl: origin.sourceUrl,
        filename: origin.filename,
        uploadExpiresAt: null,
      } as MediaEntity;
      try {
        return await this.save(media);
      } catch (error) {
        await this.storage.remove(key);
        if (isUniqueViolation(error)) {
          // The same content landed concurrently: that copy wins.
          const winner = await this.repository.findReadyBySha256(scope, staged.sha256);
          if (winner) {
            return winner;
          }
        }
        throw error;
      }
    } finally {
      await discard(staged.path);
    }
  }

  /**
   * Bytes Soku generated, under the caller's id, which the caller derives from what was asked,
   * so a request made twice, even concurrently, ends as one media: the same id writes the same
   * key, and the losing insert returns the row that won instead of removing the object they share.
   */
  async storeGenerated(
    scope: Scope,
    id: string,
    bytes: Buffer,
    meta: { mimeType: string; extension: string; width: number; height: number },
  ): Promise<MediaEntity> {
    const staged = await this.staging.receive(Readable.from([bytes]), {
      maxBytes: bytes.length,
      expectedBytes: bytes.length,
    });
    const key = `${id}.${meta.extension}`;
    try {
      await this.store(key, staged, meta.mimeType);
      return await this.repository.insert({
        id,
        userId: scope.userId,
        profileId: scope.profileId,
        status: 'ready',
        storageKey: key,
        mimeType: meta.mimeType,
        size: staged.size,
        sha256: staged.sha256,
        width: meta.width,
        height: meta.height,
        durationSeconds: null,
        sourceUrl: null,
        filename: null,
        uploadExpiresAt: null,
      } as MediaEntity);
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      const winner =
        (await this.findReady(scope, id)) ??
        (await this.repository.findReadyBySha256(scope, staged.sha256));
      if (!winner) {
        throw error;
      }
      if (winner.storageKey !== key) {
        // The same bytes were already the profile's media under another id: keep that copy only.
        await this.storage.remove(key);
      }
      return winner;
    } finally {
      await discard(staged.path);
    }
  }

  private async findReady(scope: Scope, id: string): Promise<MediaEntity | null> {
    const media = await this.repository.findInScope(scope, id);
    return media?.status === 'ready' ? media : null;
  }

  private async save(media: MediaEntity): Promise<MediaEntity> {
    const pending = await this.repository.findInScope(media, media.id);
    if (!pending) {
      return this.repository.insert(media);
    }
    await this.repository.update(media, media.id, { ...media, createdAt: undefined });
    return (await this.repository.findInScope(media, media.id))!;
  }

  private async store(key: string, staged: StagedFile, contentType: string): Promise<void> {
    try {
      await this.storage.put(key, staged, contentType);
    } catch (error) {
      this.logger.error({ err: error, key }, 'media storage write failed');
      throw new ServiceUnavailableError('Media storage is unavailable; try again later');
    }
  }
}
