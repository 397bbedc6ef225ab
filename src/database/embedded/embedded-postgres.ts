import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { firstUntraversableFolder, postgresRunAs, type OsUser } from './os-user';
import {
  type Binaries,
  EmbeddedPostgresError,
  isAlive,
  locateBinaries,
  makeEnterable,
  processName,
  run,
  tail,
} from './postgres-process';

export interface EmbeddedPostgresOptions {
  /** Soku's data dir; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  port: number;
  database: string;
  /** Trade durability for speed: only for throwaway test clusters. */
  ephemeral?: boolean;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL of `database` on the running cluster. */
  url: string;
  /** True when this process started (or adopted) the cluster and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const SUPERUSER = 'postgres';

/**
 * A real PostgreSQL from the npm-shipped binaries, managed with pg_ctl so its lifetime is ours to
 * decide (graceful shutdown stops it after the app has closed its pool). A second process (the
 * CLI, a worker) finds the running cluster through `postmaster.pid` and joins it instead of
 * starting another; a cluster left behind by a killed owner is adopted.
 */
export class EmbeddedPostgres {
  private readonly clusterDir: string;
  private readonly credentialsFile: string;
  private readonly ownerFile: string;
  private readonly log: (message: string) => void;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.clusterDir = path.join(options.dataDir, 'postgres');
    this.credentialsFile = path.join(options.dataDir, 'postgres.credentials.json');
    this.ownerFile = path.join(options.dataDir, 'postgres.owner');
    this.log = options.log ?? (() => undefined);
  }

  async start(): Promise<EmbeddedPostgresHandle> {
    const binaries = locateBinaries();
    const runAs = postgresRunAs();
    fs.mkdirSync(this.options.dataDir, { recursive: true, mode: 0o755 });
    if (runAs) {
      makeEnterable(this.options.dataDir);
      this.assertReachable(runAs, path.dirname(binaries.postgres));
      this.assertReachable(runAs, this.options.dataDir);
    }
    if (!fs.existsSync(path.join(this.clusterDir, 'PG_VERSION'))) {
      await this.initialise(binaries, runAs);
    }
    const credentials = this.readCredentials();

    let port = this.runningPort();
    let owned: boolean;
    if (port !== undefined) {
      owned = !isAlive(this.readOwnerPid());
      this.log(`joining the embedded PostgreSQL already running on port ${port}`);
    } else {
      port = await this.startCluster(binaries, runAs);
      owned = true;
    }
    if (owned) {
      fs.writeFileSync(this.ownerFile, String(process.pid));
    }
    await this.ensureDatabase(port, credentials);

    const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${this.options.database}`;
    return {
      url,
      owned,
      stop: () => (owned ? this.stopCluster(binaries, runAs) : Promise.resolve()),
    };
  }

  private assertReachable(runAs: OsUser, target: string): void {
    const blocked = firstUntraversableFolder(target, runAs);
    if (blocked) {
      throw new EmbeddedPostgresError(
        `Embedded PostgreSQL runs as the "postgres" OS user, who cannot enter ${blocked} ` +
          `(on the way to ${target}). Fix it with \`chmod o+x ${blocked}\`, move the checkout ` +
          'under a world-traversable folder such as /opt or /srv, or set DATABASE_URL to use ' +
          'a PostgreSQL of your own.',
      );
    }
  }

  private async initialise(binaries: Binaries, runAs: OsUser | undefined): Promise<void> {
    this.log(`initialising embedded PostgreSQL in ${this.clusterDir}`);
    // A folder without PG_VERSION never held data: it is a crashed initdb, safe to redo.
    fs.rmSync(this.clusterDir, { recursive: true, force: true });
    fs.mkdirSync(this.clusterDir, { mode: 0o700 });
    if (runAs) {
      fs.chownSync(this.clusterDir, runAs.uid, runAs.gid);
    }
    const password = randomBytes(24).toString('base64url');
    const passwordFile = path.join(this.options.dataDir, 'postgres.pwfile');
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      fs.chownSync(passwordFile, runAs.uid, runAs.gid);
    }
    try {
      await run(
        binaries.initdb,
        [
          `--pgdata=${this.clusterDir}`,
          `--username=${SUPERUSER}`,
          `--pwfile=${passwordFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--no-locale',
        ],
        runAs,
      );
    } finally {
      fs.rmSync(passwordFile, { force: true });
    }
    // Loopback TCP only: no Unix socket whose path could exceed the 107-byte limit.
    fs.appendFileSync(
      path.join(this.clusterDir, 'postgresql.conf'),
      "\n# Soku embedded mode\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n",
    );
    const credentials: Credentials = { user: SUPERUSER, password };
    fs.writeFileSync(this.credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }

  private readCredentials(): Credentials {
    try {
      return JSON.parse(fs.readFileSync(this.credentialsFile, 'utf8')) as Credentials;
    } catch {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${this.clusterDir} has no credentials file ` +
          `(${this.credentialsFile}). Delete ${this.clusterDir} to start afresh, or set DATABASE_URL.`,
      );
    }
  }

  /** The port of a live postmaster for our cluster, clearing a stale pid file left by a crash. */
  private runningPort(): number | undefined {
    const pidFile = path.join(this.clusterDir, 'postmaster.pid');
    let lines: string[];
    try {
      lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    } catch {
      return undefined;
    }
    const pid = Number(lines[0]);
    if (isAlive(pid) && processName(pid) === 'postgres') {
      return Number(lines[3]);
    }
    this.log(`removing stale ${pidFile} (pid ${pid} is gone)`);
    fs.rmSync(pidFile, { force: true });
    return undefined;
  }

  private async startCluster(binaries: Binaries, runAs: OsUser | undefined): Promise<number> {
    const port = this.options.port;
    const settings = [`-p ${port}`];
    if (this.options.ephemeral) {
      settings.push('-c fsync=off -c synchronous_commit=off -c full_page_writes=off');
    }
    const logFile = path.join(this.clusterDir, 'server.log');
    this.log(`starting embedded PostgreSQL on 127.0.0.1:${port}`);
    try {
      await run(
        binaries.pg_ctl,
        ['start', '-D', this.clusterDir, '-w', '-t', '60', '-l', logFile, '-o', settings.join(' ')],
        runAs,
      );
    } catch (error) {
      // Another Soku process may have won the race to start the same cluster.
      const raced = this.runningPort();
      if (raced !== undefined) {
        return raced;
      }
      throw new EmbeddedPostgresError(
        `Embedded PostgreSQL did not start on port ${port}: ${(error as Error).message}\n` +
          `${tail(logFile)}\nIf the port is taken, set SOKU_EMBEDDED_PG_PORT to a free one.`,
      );
    }
    return port;
  }

  private async stopCluster(binaries: Binaries, runAs: OsUser | undefined): Promise<void> {
    this.log('stopping embedded PostgreSQL');
    await run(
      binaries.pg_ctl,
      ['stop', '-D', this.clusterDir, '-m', 'fast', '-w', '-t', '60'],
      runAs,
    );
    fs.rmSync(this.ownerFile, { force: true });
  }

  private readOwnerPid(): number | undefined {
    try {
      return Number(fs.readFileSync(this.ownerFile, 'utf8'));
    } catch {
      return undefined;
    }
  }

  private async ensureDatabase(port: number, credentials: Credentials): Promise<void> {
    const client = new Client({
      host: '127.0.0.1',
      port,
      user: credentials.user,
      password: credentials.password,
      database: 'postgres',
    });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        this.options.database,
      ]);
      if (found.rowCount === 0) {
        await client
          .query(`CREATE DATABASE ${client.escapeIdentifier(this.options.database)}`)
          .catch((error: { code?: string }) => {
            // 42P04: created meanwhile by a concurrent process.
            if (error.code !== '42P04') {
              throw error;
            }
          });
      }
    } finally {
      await client.end();
    }
  }
}
