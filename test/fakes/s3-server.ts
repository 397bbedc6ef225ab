import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  directory: string;
  /** The SOKU_* variables that point Soku at this server. */
  env: Record<string, string>;
  /** Keys of every object in the bucket. */
  keys(): string[];
  stop(): Promise<void>;
}

export async function startFakeS3(bucket = 'soku-media'): Promise<FakeS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-s3-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, 's3rver-process.js'), directory, bucket],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: {
      SOKU_STORAGE_DRIVER: 's3',
      SOKU_S3_ENDPOINT: endpoint,
      SOKU_S3_BUCKET: bucket,
      SOKU_S3_REGION: 'us-east-1',
      SOKU_S3_FORCE_PATH_STYLE: 'true',
      SOKU_S3_PUBLIC_URL: `${endpoint}/${bucket}`,
      SOKU_S3_ACCESS_KEY_ID: 'S3RVER',
      SOKU_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    keys: () => listObjects(path.join(directory, bucket)),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** s3rver keeps each object as `<key>._S3rver_object` beside its metadata. */
function listObjects(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('._S3rver_object'))
    .map((name) => name.replace(/\._S3rver_object$/, ''));
}
