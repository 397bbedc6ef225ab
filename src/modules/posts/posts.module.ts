import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency';
import { IntegrationsModule } from '../integrations';
import { MediaModule } from '../media';
import { ProfilesModule } from '../profiles';
import { PublishingModule } from '../publishing';
import { PendingPostsDeletionStep } from './pending-posts.deletion-step';
import { PostPlanner } from './post-planner';
import { PostEventsController } from './post-events.controller';
import { PostEventsService } from './post-events.service';
import { PostsController } from './posts.controller';
import { PostsService } from './posts.service';
import { BulkRowCheck } from './bulk/bulk-row-check';
import { PostsBulkController } from './bulk/posts-bulk.controller';
import { PostsBulkService } from './bulk/posts-bulk.service';
import { PostsExportService } from './bulk/posts-export.service';

/**
 * The HTTP surface of posts: validation, targeting, and reads. Submissions and their runs are
 * publishing's, reached through PublishingService; accounts come through the AccountDirectory
 * port of integrations.
 */
@Module({
  imports: [IdempotencyModule, IntegrationsModule, MediaModule, ProfilesModule, PublishingModule],
  // The bulk routes first: Express would otherwise match `export` as a post `:id`.
  controllers: [PostsBulkController, PostsController, PostEventsController],
  providers: [
    PostPlanner,
    PostsService,
    BulkRowCheck,
    PostsBulkService,
    PostsExportService,
    PostEventsService,
    PendingPostsDeletionStep,
  ],
  exports: [PostsService],
})
export class PostsModule {}
