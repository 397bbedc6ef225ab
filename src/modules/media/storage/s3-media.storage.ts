import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3StorageConfig } from '../../../config/storage.config';
import { discard, type StagedFile } from '../ingest/staging';
import { MediaStorage, type UploadTarget, type UploadTargetOptions } from './storage.port';

/** Object names are content-addressed by id, so they never change: cache them for a year. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Parts of at least S3's minimum 5 MiB, at most S3's 10,000 of them. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
const PARALLEL_PARTS = 1;

/** Any S3-compatible store (AWS, MinIO, R2, GCS interop), streamed as a multipart upload. */
export class S3MediaStorage extends MediaStorage {
  private readonly client: S3Client;

  constructor(private readonly config: S3StorageConfig) {
    super();
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // Content-MD5/CRC only where S3 demands them: no extra pass over every part buffer.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, file: StagedFile, contentType: string): Promise<void> {
    const partSize = Math.max(MIN_PART_BYTES, Math.ceil(file.size / MAX_PARTS));
    try {
      // Multipart with a bounded queue: memory stays at a few parts whatever the file size.
      // A failed upload is aborted, parts and all.
      await new Upload({
        client: this.client,
        params: {
          Bucket: this.config.bucket,
          Key: key,
          Body: createReadStream(file.path, { highWaterMark: 1024 * 1024 }),
          ContentType: contentType,
          ContentLength: file.size,
          CacheControl: IMMUTABLE_CACHE_CONTROL,
        },
        partSize,
        queueSize: PARALLEL_PARTS,
        leavePartsOnError: false,
      }).done();
    } finally {
      await discard(file.path);
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  publicUrl(key: string): string {
    return `${this.config.publicUrl}/${key}`;
  }

  async createUploadTarget(key: string, options: UploadTargetOptions): Promise<UploadTarget> {
    const command = new PutObjectCommand({
      Bucket: this.config.bucket,
      Key: key,
      ContentType: options.contentType,
      ContentLength: options.size,
    });
    const expiresIn = Math.max(1, Math.floor((options.expiresAt.getTime() - Date.now()) / 1000));
    const url = await getSignedUrl(this.client, command, {
      expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return { method: 'PUT', url, headers: { 'Content-Type': options.contentType } };
  }

  async open(key: string): Promise<Readable | undefined> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: key }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        return undefined;
      }
      throw error;
    }
  }
}
