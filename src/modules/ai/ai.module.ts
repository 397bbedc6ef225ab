import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits';
import { IdempotencyModule } from '../idempotency';
import { MediaModule } from '../media';
import { AI_PROVIDERS } from './ai.providers';
import { TranscriptionAttempts } from './transcription-attempts';
import { TranscriptionLeaseSweeper } from './transcription-lease.sweeper';
import { TranscriptionController } from './transcription.controller';
import { TranscriptionJobsRepository } from './transcription-jobs.repository';
import { TranscriptionService } from './transcription.service';

/** Transcription through the OpenAI API (or any compatible server), charged in credits. */
@Module({
  imports: [CreditsModule, IdempotencyModule, MediaModule],
  controllers: [TranscriptionController],
  providers: [
    ...AI_PROVIDERS,
    TranscriptionJobsRepository,
    TranscriptionAttempts,
    TranscriptionService,
    TranscriptionLeaseSweeper,
  ],
  // Automations transcribe a published video before posting the transcript.
  exports: [TranscriptionService],
})
export class AiModule {}
