import { type DynamicModule, Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/**
 * Open Graph and social images: built-in templates rendered off the event loop and stored as
 * media. Takes the app's one MediaModule instance (for MediaService: fetching pictures,
 * storing the PNG).
 */
@Module({})
export class TemplatesModule {
  static forRoot(media: DynamicModule): DynamicModule {
    return {
      module: TemplatesModule,
      // Global: automations render templates, and a second instance would mean a second pool.
      global: true,
      imports: [media, IdempotencyModule],
      controllers: [TemplatesController],
      providers: [TemplatesService],
      exports: [TemplatesService],
    };
  }
}
