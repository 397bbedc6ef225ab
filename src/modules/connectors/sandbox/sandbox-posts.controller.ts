import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NotFoundError } from '../../../common/errors';
import { renderSandboxPostPage, SANDBOX_PAGE_CSP, toSandboxPostView } from './sandbox-post-view';
import { SandboxPostsRepository } from './sandbox-posts.repository';

/**
 * The run URL of a sandbox post (`/sandbox/<platform>/<id>`): public like a platform's post URL,
 * a page for browsers (the console's "View post") and JSON for `Accept: application/json`.
 */
@ApiExcludeController()
@Controller('sandbox')
export class SandboxPostsController {
  constructor(private readonly posts: SandboxPostsRepository) {}

  @Get(':platform/:id')
  async show(
    @Param('platform') platform: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const post = await this.posts.findRecorded(platform, id);
    if (!post) {
      throw new NotFoundError(`Sandbox post ${platform}/${id} not found`);
    }
    const view = toSandboxPostView(post);
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(200).json(view);
      return;
    }
    res
      .status(200)
      .set({ 'Content-Security-Policy': SANDBOX_PAGE_CSP, 'Cache-Control': 'no-cache' })
      .type('html')
      .send(renderSandboxPostPage(view));
  }
}
