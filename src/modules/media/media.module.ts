import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { SokuConfig } from '../../config/soku-config';
import { IdempotencyModule } from '../idempotency';
import { MediaUsageEntity } from './entities/media-usage.entity';
import { MediaEntity } from './entities/media.entity';
import { MediaIngest } from './ingest/media-ingest';
import { MediaController } from './media.controller';
import { MEDIA_PROVIDERS } from './media.providers';
import { Transactions } from '../../database/transaction';
import { MediaRepository } from './media.repository';
import { MediaService } from './media.service';
import { LocalMediaController, UPLOAD_SIGNER } from './storage/local-media.controller';
import { MediaStorage } from './storage/storage.port';

/**
 * Remote import, direct uploads, media records and the storage port. Other modules import it
 * for MediaService (posts and publishing claim, read and release media through it); the file
 * server's pieces are exported for MediaFilesModule only.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MediaEntity, MediaUsageEntity]), IdempotencyModule],
  controllers: [MediaController],
  providers: [...MEDIA_PROVIDERS, MediaRepository, MediaIngest, MediaService, Transactions],
  exports: [MediaService, MediaStorage, UPLOAD_SIGNER, MediaRepository],
})
export class MediaModule {}

/** Local storage is served by Soku itself (S3 serves its own objects): mounted by the app. */
@Module({})
export class MediaFilesModule {
  static forRoot(config: SokuConfig): DynamicModule {
    return {
      module: MediaFilesModule,
      imports: [MediaModule],
      controllers: config.storage.driver === 'local' ? [LocalMediaController] : [],
    };
  }
}
