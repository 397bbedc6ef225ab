import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedUpload {
  key: string;
  /** Unix seconds. */
  expires: number;
  size: number;
  contentType: string;
}

/** HMAC-SHA256 over everything the local upload endpoint will enforce. */
export class UploadSigner {
  constructor(private readonly secret: Buffer) {}

  sign(upload: SignedUpload): string {
    return createHmac('sha256', this.secret)
      .update(['PUT', upload.key, upload.expires, upload.size, upload.contentType].join('\n'))
      .digest('hex');
  }

  verify(upload: SignedUpload, signature: string): boolean {
    const expected = Buffer.from(this.sign(upload), 'hex');
    const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
