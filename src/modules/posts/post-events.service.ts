import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import type { ListPageQuery } from '../../common/pagination/list-page.query';
import { fetchRows } from '../../common/pagination/page';
import { PostHistory } from '../publishing';
import type { PostEventListDto } from './dto/post-event.dto';
import { PostsService } from './posts.service';

/** A post's history: its events oldest first, in its profile only. */
@Injectable()
export class PostEventsService {
  constructor(
    private readonly posts: PostsService,
    private readonly history: PostHistory,
  ) {}

  /** 404 exactly as GET /v1/posts/:id answers for a post that is not the caller's. */
  async list(scope: Scope, id: string, query: ListPageQuery): Promise<PostEventListDto> {
    await this.posts.get(scope, id);
    // The cursor names the last event shown; the page goes on after it, in writing order.
    return fetchRows(
      query,
      (limit, after) => this.history.read(scope, id, limit, after?.id),
      (event) => ({ createdAt: new Date(event.createdAt), id: event.id }),
    );
  }
}
