import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from './soku-process';

export interface RedisServer {
  url: string;
  port: number;
  /** SIGKILLs the server and waits for it to exit. */
  kill(): Promise<void>;
  /** SIGSTOPs the server: connections stay open, nothing answers (a hung Redis). */
  freeze(): void;
  /** SIGCONTs a frozen server. */
  thaw(): void;
}

export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/**
 * A throwaway redis-server of this test's own, on a free loopback port (or `port`, to restart one
 * where its clients expect it), nothing persisted.
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  port ??= await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}/0`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined); // connect() rejects with it; no unhandled error event
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
  return {
    url,
    port,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
  };
}
