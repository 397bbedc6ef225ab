import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { Provider } from '@nestjs/common';
import { SokuConfig } from '../../config/soku-config';
import { AddressPolicy } from '../../infra/net/address-policy';
import { HostResolver, hostResolverFor } from '../../infra/net/host-resolver';
import { MediaImporter } from './import/media-importer';
import { RemoteFetcher } from './import/remote-fetcher';
import { MediaStaging } from './ingest/staging';
import { UPLOAD_SIGNER } from './storage/local-media.controller';
import { LocalMediaStorage } from './storage/local-media.storage';
import { S3MediaStorage } from './storage/s3-media.storage';
import { MediaStorage } from './storage/storage.port';
import { UploadSigner } from './storage/upload-signature';

/** The import and storage machinery, each piece built once from validated config. */
export const MEDIA_PROVIDERS: Provider[] = [
  {
    provide: MediaStaging,
    inject: [SokuConfig],
    useFactory: (config: SokuConfig) => new MediaStaging(config.app.dataDir),
  },
  {
    provide: HostResolver,
    inject: [SokuConfig],
    useFactory: ({ media }: SokuConfig) =>
      hostResolverFor(media.dnsServers, media.connectTimeoutMs),
  },
  {
    provide: RemoteFetcher,
    inject: [SokuConfig, HostResolver],
    useFactory: ({ media }: SokuConfig, resolver: HostResolver) =>
      new RemoteFetcher(new AddressPolicy(media.allowedHosts), resolver, media),
  },
  {
    provide: MediaImporter,
    inject: [RemoteFetcher, MediaStaging, SokuConfig],
    useFactory: (fetcher: RemoteFetcher, staging: MediaStaging, { media }: SokuConfig) =>
      new MediaImporter(fetcher, staging, media),
  },
  {
    provide: UPLOAD_SIGNER,
    inject: [SokuConfig],
    // Without a configured secret, local upload URLs are valid for this process's lifetime.
    useFactory: ({ media }: SokuConfig) =>
      new UploadSigner(media.signingSecret ? Buffer.from(media.signingSecret) : randomBytes(32)),
  },
  {
    provide: MediaStorage,
    inject: [SokuConfig, UPLOAD_SIGNER, MediaStaging],
    useFactory: (config: SokuConfig, signer: UploadSigner, staging: MediaStaging) =>
      config.storage.driver === 's3'
        ? new S3MediaStorage(config.storage.s3)
        : new LocalMediaStorage(
            path.join(config.app.dataDir, 'media'),
            config.app.publicUrl,
            signer,
            staging,
          ),
  },
];
