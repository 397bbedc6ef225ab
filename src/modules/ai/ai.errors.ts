import { AppError, ConflictError, ErrorCode, NotFoundError } from '../../common/errors';

/** Unknown id, or another user's media: the v1 `MEDIA_NOT_FOUND`. */
export class TranscribeMediaNotFoundError extends AppError {
  constructor(id: string) {
    super(404, ErrorCode.TranscribeMediaNotFound, `Media ${id} not found`);
    this.name = 'TranscribeMediaNotFoundError';
  }
}

/** The media record lacks what transcription needs (stored bytes, a size the API accepts). */
export class TranscribeMediaInvalidError extends AppError {
  constructor(id: string, reason: string) {
    super(400, ErrorCode.TranscribeMediaInvalid, `Media ${id} cannot be transcribed: ${reason}`);
    this.name = 'TranscribeMediaInvalidError';
  }
}

export class TranscribeUnsupportedMediaTypeError extends AppError {
  constructor(id: string, mimeType: string) {
    super(
      400,
      ErrorCode.TranscribeUnsupportedMediaType,
      `Media ${id} is ${mimeType}; only audio and video can be transcribed`,
      { mimeType },
    );
    this.name = 'TranscribeUnsupportedMediaTypeError';
  }
}

/** The transcription API refused the request itself (bad model, unreadable audio): the client's to fix. */
export class TranscriptionRejectedError extends AppError {
  constructor(message: string, upstreamStatus: number) {
    super(400, ErrorCode.TranscriptionRejected, `The transcription API refused: ${message}`, {
      upstreamStatus,
    });
    this.name = 'TranscriptionRejectedError';
  }
}

/** Rate-limited, down or unreachable: retry later; nothing was charged. */
export class TranscriptionUnavailableError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(
      503,
      ErrorCode.TranscriptionUnavailable,
      `${message}; nothing was charged, retry in ${retryAfterSeconds} seconds`,
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
    this.name = 'TranscriptionUnavailableError';
  }
}

/** No provider configured: an operator's setting, named so it can be fixed. */
export class TranscriptionNotConfiguredError extends AppError {
  constructor() {
    super(
      503,
      ErrorCode.TranscriptionNotConfigured,
      'Transcription is not configured on this server: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server)',
    );
    this.name = 'TranscriptionNotConfiguredError';
  }
}

/** A job of this key is still running on another request (the idempotency lock had expired). */
export class TranscriptionInProgressError extends ConflictError {
  constructor(jobId: string) {
    super(
      ErrorCode.TranscriptionInProgress,
      `Transcription job ${jobId} for this Idempotency-Key is still running; retry shortly`,
      { 'Retry-After': '5' },
    );
  }
}

export class TranscriptionJobNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Transcription job ${id} not found`);
  }
}
