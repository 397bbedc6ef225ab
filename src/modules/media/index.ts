/** The media module's public API. */
export { MediaFilesModule, MediaModule } from './media.module';
export { MediaService, type FetchedImage } from './media.service';
export type { MediaRecord } from './media-record';
export { MediaNotFoundError, UploadFailedError } from './media.errors';
// The SSRF guard, shared with webhook delivery (same policy for every outbound call to a user URL).
export { AddressPolicy } from './import/address-policy';
export { DnsServerHostResolver, HostResolver, SystemHostResolver } from './import/host-resolver';
export { guardedLookup } from './import/guarded-lookup';
// The import pipeline's parts, which the media-import benchmark assembles without the app.
export { MediaImporter } from './import/media-importer';
export { RemoteFetcher } from './import/remote-fetcher';
export { probeMedia } from './ingest/probe';
export { MediaStaging } from './ingest/staging';
export { LocalMediaStorage } from './storage/local-media.storage';
export { UploadSigner } from './storage/upload-signature';
