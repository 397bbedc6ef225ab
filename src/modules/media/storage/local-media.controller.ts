import { Controller, Get, Inject, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import send from 'send';
import { NotFoundError } from '../../../common/errors';
import { MediaRepository } from '../media.repository';
import {
  InvalidUploadSignatureError,
  RangeNotSatisfiableError,
  UploadFailedError,
  UploadUrlExpiredError,
} from '../media.errors';
import { StageLimitError } from '../ingest/staging';
import { IMMUTABLE_CACHE_CONTROL } from './s3-media.storage';
import { LocalMediaStorage } from './local-media.storage';
import { MediaStorage } from './storage.port';
import type { UploadSigner } from './upload-signature';

export const UPLOAD_SIGNER = Symbol('UPLOAD_SIGNER');
const MEDIA_KEY = /^[0-9a-f-]{36}\.\w+$/;

/**
 * The HTTP face of local storage, mounted only when it is the configured adapter: public files
 * (Range, ETag, long cache) and the signed PUT target of direct uploads. Left out of the
 * OpenAPI document: clients only ever follow URLs Soku hands them.
 */
@ApiExcludeController()
@Controller('media')
export class LocalMediaController {
  constructor(
    @Inject(MediaStorage) private readonly storage: LocalMediaStorage,
    @Inject(UPLOAD_SIGNER) private readonly signer: UploadSigner,
    private readonly repository: MediaRepository,
  ) {}

  @Get(':key')
  async serve(@Param('key') key: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const media = MEDIA_KEY.test(key) ? await this.repository.findReadyByStorageKey(key) : null;
    if (!media) {
      throw new NotFoundError(`Media file ${key} not found`);
    }
    res.setHeader('Content-Type', media.mimeType);
    res.setHeader('Cache-Control', IMMUTABLE_CACHE_CONTROL);
    await new Promise<void>((resolve, reject) => {
      // Relative to the root: send refuses dot segments in the path it is given, and the default
      // data dir is `./.soku/`. The key is checked above, so nothing leaves the root.
      send(req, key, {
        root: this.storage.root,
        etag: true,
        lastModified: true,
        cacheControl: false,
      })
        .on('error', (error: Error & { status?: number }) => {
          res.removeHeader('Cache-Control');
          reject(
            error.status === 416
              ? new RangeNotSatisfiableError(media.size)
              : error.status === 404
                ? new NotFoundError(`Media file ${key} not found`)
                : error,
          );
        })
        .on('end', resolve)
        .pipe(res)
        .on('close', resolve);
    });
  }

  @Put(':key')
  async receive(
    @Param('key') key: string,
    @Query() query: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const expires = Number(query.expires);
    const size = Number(query.size);
    const contentType = req.headers['content-type'] ?? '';
    const signed = { key, expires, size, contentType };
    if (!/^upload-[0-9a-f-]{36}$/.test(key) || !this.signer.verify(signed, query.signature ?? '')) {
      throw new InvalidUploadSignatureError();
    }
    if (expires * 1000 < Date.now()) {
      throw new UploadUrlExpiredError();
    }
    try {
      await this.storage.receiveUpload(key, req, size);
    } catch (error) {
      if (error instanceof StageLimitError) {
        throw new UploadFailedError(
          `Expected exactly ${size} bytes, received ${error.kind === 'truncated' ? error.received : `more`}`,
        );
      }
      throw error;
    }
    res.status(200).end();
  }
}
