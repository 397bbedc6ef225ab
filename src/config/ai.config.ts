import { Expose } from 'class-transformer';
import { IsOptional, IsUrl, MinLength } from 'class-validator';
import { EnvInt } from './env-decorators';

export class AiEnv {
  @Expose()
  @IsOptional()
  @MinLength(1)
  OPENAI_API_KEY?: string;

  @Expose()
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL, e.g. https://api.openai.com/v1' },
  )
  OPENAI_BASE_URL?: string;

  @EnvInt({ default: 600_000, min: 1_000, max: 3_600_000, unit: 'milliseconds' })
  SOKU_OPENAI_TIMEOUT_MS: number;

  @EnvInt({ default: 25 * 1024 * 1024, min: 1024, max: 1024 ** 3, unit: 'bytes' })
  SOKU_TRANSCRIPTION_MAX_UPLOAD_BYTES: number;
}

/** The transcription provider (any OpenAI-compatible server) and the credits it costs. */
export interface AiConfig {
  openai: {
    /** Unset: transcription answers 503 naming OPENAI_API_KEY; nothing is ever faked. */
    apiKey?: string;
    /** Unset: the SDK's default, https://api.openai.com/v1. */
    baseUrl?: string;
    timeoutMs: number;
  };
  /** The API's per-request upload limit; larger WAV files are sent in windows below it. */
  maxUploadBytes: number;
}

export function toAiConfig(env: AiEnv): AiConfig {
  return {
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL?.replace(/\/+$/, ''),
      timeoutMs: env.SOKU_OPENAI_TIMEOUT_MS,
    },
    maxUploadBytes: env.SOKU_TRANSCRIPTION_MAX_UPLOAD_BYTES,
  };
}
