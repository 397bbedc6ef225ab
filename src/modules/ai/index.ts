/** The ai module's public API. */
export { AiModule } from './ai.module';
export { TranscriptionService, type TranscribeRequest } from './transcription.service';
