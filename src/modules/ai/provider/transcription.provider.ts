/** One file to transcribe, at most the provider's upload limit. */
export interface TranscriptionInput {
  file: Buffer;
  filename: string;
  mimeType: string;
  model: string;
  language?: string;
}

export interface TranscriptionOutput {
  text: string;
  /** The audio length the API reports, when it reports one. */
  durationSeconds?: number;
}

/**
 * The transcription port, chosen once from config (ai.providers.ts). Adapters throw only
 * TranscriptionRejectedError (the request's fault), TranscriptionUnavailableError (retry later)
 * or TranscriptionNotConfiguredError.
 */
export abstract class TranscriptionProvider {
  abstract transcribe(input: TranscriptionInput): Promise<TranscriptionOutput>;
}
