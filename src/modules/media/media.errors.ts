import {
  AppError,
  ConflictError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
} from '../../common/errors';

/** Any failed import or upload: the message says exactly what went wrong, for the client. */
export class UploadFailedError extends AppError {
  constructor(message: string) {
    super(400, ErrorCode.UploadFailed, message);
    this.name = 'UploadFailedError';
  }
}

export class MediaNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Media ${id} not found`);
  }
}

export class MediaInUseError extends ConflictError {
  constructor(id: string) {
    super(ErrorCode.MediaInUse, `Media ${id} is used by a post that has not finished publishing`);
  }
}

export class RangeNotSatisfiableError extends AppError {
  constructor(size: number) {
    super(
      416,
      ErrorCode.RangeNotSatisfiable,
      `Range not satisfiable (the file has ${size} bytes)`,
      undefined,
      {
        'Content-Range': `bytes */${size}`,
      },
    );
  }
}

/** A local upload URL whose signature does not match what was signed. */
export class InvalidUploadSignatureError extends ForbiddenError {
  constructor() {
    super('Invalid upload signature (is Content-Type the one announced?)');
  }
}

export class UploadUrlExpiredError extends ForbiddenError {
  constructor() {
    super('This upload URL has expired');
  }
}
