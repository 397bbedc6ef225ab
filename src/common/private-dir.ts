import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Creates a private (0700) folder for secrets inside the data dir without making the data dir
 * itself private: embedded PostgreSQL runs as another OS user and must still enter it.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
