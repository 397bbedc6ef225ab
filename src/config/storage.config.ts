import { Expose, Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, ValidateIf } from 'class-validator';
import { EnvBoolean } from './env-decorators';

export const STORAGE_DRIVERS = ['local', 's3'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

const isS3 = (env: StorageEnv): boolean => env.SOKU_STORAGE_DRIVER === 's3';
const HTTP_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

export class StorageEnv {
  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'local')
  @IsIn(STORAGE_DRIVERS, { message: `must be one of: ${STORAGE_DRIVERS.join(', ')}` })
  SOKU_STORAGE_DRIVER: StorageDriver;

  @Expose()
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL, e.g. http://minio:9000' })
  SOKU_S3_ENDPOINT?: string;

  @Expose()
  @ValidateIf(isS3)
  @IsNotEmpty({ message: 'is required when SOKU_STORAGE_DRIVER=s3' })
  @IsString()
  SOKU_S3_BUCKET?: string;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'us-east-1')
  @IsString()
  SOKU_S3_REGION: string;

  @EnvBoolean()
  SOKU_S3_FORCE_PATH_STYLE?: boolean;

  @Expose()
  @ValidateIf(isS3)
  @IsNotEmpty({ message: 'is required when SOKU_STORAGE_DRIVER=s3' })
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL, e.g. https://media.example.com' })
  SOKU_S3_PUBLIC_URL?: string;

  @Expose()
  @IsOptional()
  @IsString()
  SOKU_S3_ACCESS_KEY_ID?: string;

  @Expose()
  @ValidateIf((env: StorageEnv) => env.SOKU_S3_ACCESS_KEY_ID !== undefined)
  @IsNotEmpty({ message: 'is required when SOKU_S3_ACCESS_KEY_ID is set' })
  @IsString()
  SOKU_S3_SECRET_ACCESS_KEY?: string;
}

export interface S3StorageConfig {
  /** Unset means AWS itself; set for MinIO, GCS interop, R2, etc. */
  endpoint?: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  /** Base URL under which objects are publicly readable, e.g. a CDN in front of the bucket. */
  publicUrl: string;
  /** Unset means the SDK's default chain (environment, instance role, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Where media bytes live: a folder under the data dir served by Soku, or an S3-compatible store. */
export type StorageConfig = { driver: 'local' } | { driver: 's3'; s3: S3StorageConfig };

export function toStorageConfig(env: StorageEnv): StorageConfig {
  if (env.SOKU_STORAGE_DRIVER === 'local') {
    return { driver: 'local' };
  }
  return {
    driver: 's3',
    s3: {
      endpoint: env.SOKU_S3_ENDPOINT,
      bucket: env.SOKU_S3_BUCKET!,
      region: env.SOKU_S3_REGION,
      forcePathStyle: env.SOKU_S3_FORCE_PATH_STYLE ?? false,
      publicUrl: env.SOKU_S3_PUBLIC_URL!.replace(/\/+$/, ''),
      credentials:
        env.SOKU_S3_ACCESS_KEY_ID === undefined
          ? undefined
          : {
              accessKeyId: env.SOKU_S3_ACCESS_KEY_ID,
              secretAccessKey: env.SOKU_S3_SECRET_ACCESS_KEY!,
            },
    },
  };
}
