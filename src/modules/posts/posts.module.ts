import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency';
import { IntegrationsModule } from '../integrations';
import { MediaModule } from '../media';
import { PublishingModule } from '../publishing';
import { PostPlanner } from './post-planner';
import { PostEventsController } from './post-events.controller';
import { PostEventsService } from './post-events.service';
import { PostsController } from './posts.controller';
import { PostsService } from './posts.service';

/**
 * The HTTP surface of posts: validation, targeting, and reads. Submissions and their runs are
 * publishing's, reached through PublishingService; accounts come through the AccountDirectory
 * port of integrations.
 */
@Module({
  imports: [IdempotencyModule, IntegrationsModule, MediaModule, PublishingModule],
  controllers: [PostsController, PostEventsController],
  providers: [PostPlanner, PostsService, PostEventsService],
  exports: [PostsService],
})
export class PostsModule {}
