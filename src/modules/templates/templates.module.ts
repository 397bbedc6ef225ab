import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency';
import { MediaModule } from '../media';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/**
 * Open Graph and social images: built-in templates rendered off the event loop and stored as
 * media (MediaService fetches the pictures and stores the PNG). One instance, so one render pool,
 * however many modules import it.
 */
@Module({
  imports: [MediaModule, IdempotencyModule],
  controllers: [TemplatesController],
  providers: [TemplatesService],
  exports: [TemplatesService],
})
export class TemplatesModule {}
