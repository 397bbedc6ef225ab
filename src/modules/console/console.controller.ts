import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { NotFoundError } from '../../common/errors';
import { SokuConfig } from '../../config/soku-config';
import type { StorageConfig } from '../../config/storage.config';
import { ConsoleAssets } from './console-assets';

/**
 * The console's own CSP: its script and stylesheet only, calls to this origin only, no inline
 * code, no framing. OAuth connects are top-level navigations, which CSP does not restrict.
 * Images may also come from the S3 public URL, where the media library's thumbnails live.
 */
export function consoleCsp(storage: StorageConfig): string {
  const mediaOrigin = storage.driver === 's3' ? ` ${new URL(storage.s3.publicUrl).origin}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    `img-src 'self' data:${mediaOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Serves the console: a static page and its script, which call only the public API. */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  private readonly csp: string;

  constructor(
    private readonly assets: ConsoleAssets,
    config: SokuConfig,
  ) {
    this.csp = consoleCsp(config.storage);
  }

  @Get()
  page(@Res() res: Response): Promise<void> {
    return this.send(res, 'index.html');
  }

  @Get(':file')
  asset(
    @Param('file') file: string,
    @Query('v') version: unknown,
    @Res() res: Response,
  ): Promise<void> {
    // Named with this release's version (as the page names it), a file never changes.
    return this.send(res, file, version === this.assets.version);
  }

  private async send(res: Response, name: string, immutable = false): Promise<void> {
    const asset = await this.assets.get(name);
    if (!asset) {
      throw new NotFoundError(`Route GET /console/${name} not found`);
    }
    res
      .status(200)
      .set({
        'Content-Type': asset.type,
        'Content-Security-Policy': this.csp,
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      })
      .send(asset.body);
  }
}
