import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '../idempotency';
import { MediaModule } from '../media';
import { PostRunEntity } from './entities/post-run.entity';
import { PostSubmissionEntity } from './entities/post-submission.entity';
import { PostLifecycleService } from './post-lifecycle.service';
import { PostsController } from './posts.controller';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';

/**
 * The API of posts: validation, targeting, submissions and their runs. Publishing itself is the
 * orchestration module's, reached through the PostDispatcher port; accounts come through the
 * AccountDirectory port.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PostSubmissionEntity, PostRunEntity]),
    IdempotencyModule,
    MediaModule,
  ],
  controllers: [PostsController],
  providers: [PostsRepository, PostsService, PostLifecycleService],
  exports: [PostLifecycleService, PostsService],
})
export class PostsModule {}
