import { ConfigValidationError, loadConfig } from './soku-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as ConfigValidationError).problems.map((p) => `${p.variable}: ${p.problem}`);
  }
  return [];
}

describe('storage and media configuration', () => {
  it('should default to local storage and a 1 GiB import cap', () => {
    const config = loadConfig({});
    expect(config.storage).toEqual({ driver: 'local' });
    expect(config.media.maxBytes).toBe(1024 ** 3);
    expect(config.media.allowedHosts).toEqual([]);
    expect(config.media.dnsServers).toEqual([]);
    expect(config.media.uploadUrlTtlSeconds).toBe(3600);
  });

  it('should read the S3 settings', () => {
    const config = loadConfig({
      SOKU_STORAGE_DRIVER: 's3',
      SOKU_S3_ENDPOINT: 'http://minio:9000',
      SOKU_S3_BUCKET: 'media',
      SOKU_S3_FORCE_PATH_STYLE: 'true',
      SOKU_S3_PUBLIC_URL: 'https://cdn.example.com/media/',
      SOKU_S3_ACCESS_KEY_ID: 'soku',
      SOKU_S3_SECRET_ACCESS_KEY: 'soku-secret',
    });
    expect(config.storage).toEqual({
      driver: 's3',
      s3: {
        endpoint: 'http://minio:9000',
        bucket: 'media',
        region: 'us-east-1',
        forcePathStyle: true,
        publicUrl: 'https://cdn.example.com/media',
        credentials: { accessKeyId: 'soku', secretAccessKey: 'soku-secret' },
      },
    });
  });

  it('should require a bucket, a public URL and a complete key pair in S3 mode', () => {
    expect(problemsOf({ SOKU_STORAGE_DRIVER: 's3', SOKU_S3_ACCESS_KEY_ID: 'k' })).toEqual(
      expect.arrayContaining([
        'SOKU_S3_BUCKET: is required when SOKU_STORAGE_DRIVER=s3',
        'SOKU_S3_PUBLIC_URL: is required when SOKU_STORAGE_DRIVER=s3',
        'SOKU_S3_SECRET_ACCESS_KEY: is required when SOKU_S3_ACCESS_KEY_ID is set',
      ]),
    );
  });

  it('should read the allow-list and DNS servers as lists', () => {
    const config = loadConfig({
      SOKU_MEDIA_ALLOWED_HOSTS: 'files.corp.internal, 10.0.0.0/8,fd00::/8 ,192.168.1.5',
      SOKU_MEDIA_DNS_SERVERS: '10.0.0.2,127.0.0.1:5353,[::1]:53',
    });
    expect(config.media.allowedHosts).toEqual([
      'files.corp.internal',
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.5',
    ]);
    expect(config.media.dnsServers).toEqual(['10.0.0.2', '127.0.0.1:5353', '[::1]:53']);
  });

  it('should list every bad media variable', () => {
    expect(
      problemsOf({
        SOKU_STORAGE_DRIVER: 'ftp',
        SOKU_MEDIA_MAX_BYTES: '1.5',
        SOKU_MEDIA_ALLOWED_HOSTS: 'ok.example.com,not a host',
        SOKU_MEDIA_DNS_SERVERS: 'dns.example.com',
        SOKU_MEDIA_TOTAL_TIMEOUT_MS: '0',
        SOKU_MEDIA_UPLOAD_URL_TTL_SECONDS: '10',
        SOKU_MEDIA_SIGNING_SECRET: 'short',
      }).map((p) => p.split(':')[0]),
    ).toEqual(
      expect.arrayContaining([
        'SOKU_STORAGE_DRIVER',
        'SOKU_MEDIA_MAX_BYTES',
        'SOKU_MEDIA_ALLOWED_HOSTS',
        'SOKU_MEDIA_DNS_SERVERS',
        'SOKU_MEDIA_TOTAL_TIMEOUT_MS',
        'SOKU_MEDIA_UPLOAD_URL_TTL_SECONDS',
        'SOKU_MEDIA_SIGNING_SECRET',
      ]),
    );
  });
});
