/** The media module's public API. */
export { MediaFilesModule, MediaModule } from './media.module';
export { MediaService, type FetchedImage } from './media.service';
export type { MediaRecord } from './media-record';
export { MediaNotFoundError, UploadFailedError } from './media.errors';
// The import pipeline's parts, which the media-import benchmark assembles without the app.
export { MediaImporter } from './import/media-importer';
export { RemoteFetcher } from './import/remote-fetcher';
export { probeMedia } from './ingest/probe';
export { MediaStaging } from './ingest/staging';
export { LocalMediaStorage } from './storage/local-media.storage';
export { UploadSigner } from './storage/upload-signature';
