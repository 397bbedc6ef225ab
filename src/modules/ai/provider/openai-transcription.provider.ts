import OpenAI, { APIConnectionError, APIError, toFile } from 'openai';
import { parseRetryAfter } from '../../../common/http/retry-after';
import type { AiConfig } from '../../../config/ai.config';
import { TranscriptionRejectedError, TranscriptionUnavailableError } from '../ai.errors';
import {
  TranscriptionProvider,
  type TranscriptionInput,
  type TranscriptionOutput,
} from './transcription.provider';

const DEFAULT_RETRY_AFTER_SECONDS = 30;
const MAX_RETRY_AFTER_SECONDS = 3600;

/**
 * The OpenAI audio API (`audio.transcriptions`) through the official SDK; any server speaking
 * that protocol works through OPENAI_BASE_URL. The SDK does not retry: a retry would upload the
 * file again, and the client decides that with its Idempotency-Key.
 */
export class OpenAiTranscriptionProvider extends TranscriptionProvider {
  private readonly client: OpenAI;

  constructor(config: AiConfig['openai'] & { apiKey: string }) {
    super();
    this.client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseUrl,
      timeout: config.timeoutMs,
      maxRetries: 0,
    });
  }

  async transcribe(input: TranscriptionInput): Promise<TranscriptionOutput> {
    try {
      const result = await this.client.audio.transcriptions.create({
        // toFile keeps the real content type; a stream would be sent as octet-stream.
        file: await toFile(input.file, input.filename, { type: input.mimeType }),
        model: input.model,
        language: input.language,
        response_format: 'json',
      });
      return { text: result.text, durationSeconds: reportedDuration(result) };
    } catch (error) {
      throw toTranscriptionError(error);
    }
  }
}

/** `usage.seconds` from OpenAI; a top-level `duration` from Whisper-compatible servers. */
function reportedDuration(result: OpenAI.Audio.Transcription): number | undefined {
  const seconds =
    result.usage?.type === 'duration'
      ? result.usage.seconds
      : (result as { duration?: unknown }).duration;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? seconds
    : undefined;
}

/**
 * SDK errors → Soku errors. 429, 5xx, timeouts, unreachable and our own credentials refused
 * are retryable 503s (never the client's fault); other 4xx are the request's: 400 with the API's
 * message. Anything else is a bug and stays a 500.
 */
export function toTranscriptionError(error: unknown): unknown {
  if (error instanceof APIConnectionError) {
    return new TranscriptionUnavailableError(
      error.message.toLowerCase().includes('timed out')
        ? 'The transcription API timed out'
        : 'The transcription API is unreachable',
      DEFAULT_RETRY_AFTER_SECONDS,
    );
  }
  if (!(error instanceof APIError)) {
    return error;
  }
  const apiError = error as APIError;
  const status = apiError.status;
  if (status === undefined) {
    return error;
  }
  if (status === 429 || status >= 500) {
    return new TranscriptionUnavailableError(
      status === 429
        ? 'The transcription API is rate-limiting this server'
        : `The transcription API failed (HTTP ${status})`,
      retryAfterSeconds(apiError.headers),
    );
  }
  if (status === 401 || status === 403) {
    return new TranscriptionUnavailableError(
      "The transcription API refused this server's credentials (check OPENAI_API_KEY)",
      DEFAULT_RETRY_AFTER_SECONDS,
    );
  }
  return new TranscriptionRejectedError(upstreamMessage(apiError), status);
}

function upstreamMessage(error: APIError): string {
  const body: { message?: unknown } | undefined = error.error;
  return typeof body?.message === 'string' && body.message !== '' ? body.message : error.message;
}

function retryAfterSeconds(headers: Headers | undefined): number {
  const ms = parseRetryAfter(headers?.get('retry-after'));
  if (ms === undefined) {
    return DEFAULT_RETRY_AFTER_SECONDS;
  }
  // Whole seconds for our own Retry-After, at least 1 so a client never retries at once.
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(ms / 1000)));
}
