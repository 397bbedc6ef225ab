import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface OsUser {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root, so as root we run it as `postgres`, creating it if needed. */
export function postgresRunAs(): OsUser | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const existing = lookupUser('postgres');
  if (existing) {
    return existing;
  }
  execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  execFileSync('useradd', ['--system', '-g', 'postgres', '-M', '-d', '/nonexistent', 'postgres'], {
    stdio: 'ignore',
  });
  const created = lookupUser('postgres');
  if (!created) {
    throw new Error('Could not create the "postgres" OS user that embedded PostgreSQL runs as.');
  }
  return created;
}

function lookupUser(name: string): OsUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * The first folder on the way to `target` that `user` cannot enter, if any. Checks the mode bits
 * the kernel would check for search permission on each ancestor.
 */
export function firstUntraversableFolder(target: string, user: OsUser): string | undefined {
  const groups = supplementaryGroups(user);
  let current = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) {
      break;
    }
    current = parent;
  }
  for (const folder of chain) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(folder);
    } catch {
      return undefined;
    }
    if (!stat.isDirectory()) {
      continue;
    }
    const bit = stat.uid === user.uid ? 0o100 : groups.has(stat.gid) ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) {
      return folder;
    }
  }
  return undefined;
}

function supplementaryGroups(user: OsUser): Set<number> {
  try {
    const out = execFileSync('id', ['-G', String(user.uid)], { encoding: 'utf8' });
    return new Set(out.trim().split(/\s+/).map(Number));
  } catch {
    return new Set([user.gid]);
  }
}
