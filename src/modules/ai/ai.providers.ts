import type { Provider } from '@nestjs/common';
import { SokuConfig } from '../../config/soku-config';
import { OpenAiTranscriptionProvider } from './provider/openai-transcription.provider';
import { TranscriptionProvider } from './provider/transcription.provider';
import { UnconfiguredTranscriptionProvider } from './provider/unconfigured-transcription.provider';

/** The transcription port, chosen once from config. */
export const AI_PROVIDERS: Provider[] = [
  {
    provide: TranscriptionProvider,
    inject: [SokuConfig],
    useFactory: (config: SokuConfig): TranscriptionProvider => {
      const { apiKey } = config.ai.openai;
      return apiKey
        ? new OpenAiTranscriptionProvider({ ...config.ai.openai, apiKey })
        : new UnconfiguredTranscriptionProvider();
    },
  },
];
