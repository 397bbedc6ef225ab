import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Scope } from '../../../common/auth/route-auth';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { ValidationFailedError } from '../../../common/errors';
import { APP_LOGGER } from '../../../config/config.module';
import { type PostView, PublishingService } from '../../publishing';
import { EXPORT_FORMAT } from './export-formats';
import type { ExportPostsQuery } from './export.query';

/** Posts read per query: the most an export holds in memory at once. */
export const EXPORT_PAGE = 500;

/**
 * GET /v1/posts/export: the posts of the caller's profile, newest first, as they are read a page at a time, so
 * an export of any size holds one page in memory and waits for a slow client to drain.
 */
@Injectable()
export class PostsExportService {
  constructor(
    private readonly publishing: PublishingService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async stream(scope: Scope, query: ExportPostsQuery, res: Response): Promise<void> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) {
      throw new ValidationFailedError([
        {
          field: 'query.to',
          message: '`to` must be after `from`',
          code: 'custom',
          received: query.to,
        },
      ]);
    }
    const format = EXPORT_FORMAT[query.format ?? 'csv'];
    const pages = this.pages(scope, { from, to, status: query.status });
    // The first page before any byte: until then a failure is still an error envelope.
    let page = await pages.next();
    res.status(200);
    res.setHeader('Content-Type', format.contentType);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="soku-posts-${new Date().toISOString().slice(0, 10)}.${format.extension}"`,
    );
    try {
      await write(res, format.start);
      let index = 0;
      while (!page.done) {
        await write(res, page.value.map((post) => format.post(post, index++)).join(''));
        page = await pages.next();
      }
      await write(res, format.end);
      res.end();
    } catch (error) {
      // Too late for an envelope: cut the transfer so the client cannot take it for a whole file.
      this.logger.error({ err: error }, 'post export failed while streaming');
      res.destroy(error as Error);
    }
  }

  private async *pages(
    scope: Scope,
    filter: { from?: Date; to?: Date; status?: ExportPostsQuery['status'] },
  ): AsyncGenerator<PostView[]> {
    let before: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const found = await this.publishing.listInScope(scope, {
        status: filter.status,
        createdFrom: filter.from,
        createdTo: filter.to,
        limit: EXPORT_PAGE,
        before,
      });
      if (found.length > 0) {
        yield await this.publishing.views(found);
      }
      if (found.length < EXPORT_PAGE) {
        return;
      }
      const last = found[found.length - 1].submission;
      before = { createdAt: last.createdAt, id: last.id };
    }
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (chunk !== '' && !out.write(chunk)) {
    await once(out, 'drain');
  }
}
