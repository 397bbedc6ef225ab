import { APIConnectionTimeoutError, APIError } from 'openai';
import { TranscriptionRejectedError, TranscriptionUnavailableError } from '../ai.errors';
import { toTranscriptionError } from './openai-transcription.provider';

const apiError = (status: number, headers: Record<string, string> = {}, message = 'nope') =>
  APIError.generate(status, { error: { message } }, undefined, new Headers(headers));

describe('toTranscriptionError', () => {
  it('makes 429 a retryable 503 with the upstream Retry-After', () => {
    const error = toTranscriptionError(apiError(429, { 'retry-after': '12' }));
    expect(error).toBeInstanceOf(TranscriptionUnavailableError);
    expect((error as TranscriptionUnavailableError).headers['Retry-After']).toBe('12');
    expect((error as TranscriptionUnavailableError).status).toBe(503);
  });

  it('makes 5xx, timeouts and refused credentials retryable 503s', () => {
    for (const error of [
      apiError(500),
      apiError(502),
      apiError(401),
      new APIConnectionTimeoutError(),
    ]) {
      const mapped = toTranscriptionError(error) as TranscriptionUnavailableError;
      expect(mapped).toBeInstanceOf(TranscriptionUnavailableError);
      expect(mapped.headers['Retry-After']).toBe('30');
    }
  });

  it("makes other 4xx the client's 400 with the API's message", () => {
    const error = toTranscriptionError(apiError(400, {}, 'Invalid file format.'));
    expect(error).toBeInstanceOf(TranscriptionRejectedError);
    expect((error as TranscriptionRejectedError).message).toContain('Invalid file format.');
    expect((error as TranscriptionRejectedError).status).toBe(400);
  });

  it('leaves errors that are not the API’s alone', () => {
    const bug = new TypeError('x');
    expect(toTranscriptionError(bug)).toBe(bug);
  });
});
