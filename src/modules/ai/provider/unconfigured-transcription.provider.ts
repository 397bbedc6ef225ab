import { TranscriptionNotConfiguredError } from '../ai.errors';
import { TranscriptionProvider, type TranscriptionOutput } from './transcription.provider';

/** OPENAI_API_KEY unset: every call is a 503 naming the setting, never a made-up transcript. */
export class UnconfiguredTranscriptionProvider extends TranscriptionProvider {
  transcribe(): Promise<TranscriptionOutput> {
    return Promise.reject(new TranscriptionNotConfiguredError());
  }
}
