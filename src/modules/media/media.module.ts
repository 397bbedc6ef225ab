import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { SokuConfig } from '../../config/soku-config';
import { IdempotencyModule } from '../idempotency';
import { MediaUsageEntity } from './entities/media-usage.entity';
import { MediaEntity } from './entities/media.entity';
import { MediaIngest } from './ingest/media-ingest';
import { MediaController } from './media.controller';
import { MEDIA_PROVIDERS } from './media.providers';
import { MediaRepository } from './media.repository';
import { MediaService } from './media.service';
import { LocalMediaController } from './storage/local-media.controller';

/**
 * Remote import, direct uploads, media records and the storage port. Exports MediaService only:
 * the posts module claims and releases media through it.
 */
@Module({})
export class MediaModule {
  static forRoot(config: SokuConfig): DynamicModule {
    return {
      module: MediaModule,
      // Global: posts and publishing claim, read and release media through MediaService.
      global: true,
      imports: [TypeOrmModule.forFeature([MediaEntity, MediaUsageEntity]), IdempotencyModule],
      controllers: [
        MediaController,
        // Local storage is served by Soku itself; S3 serves its own objects.
        ...(config.storage.driver === 'local' ? [LocalMediaController] : []),
      ],
      providers: [...MEDIA_PROVIDERS, MediaRepository, MediaIngest, MediaService],
      exports: [MediaService],
    };
  }
}
