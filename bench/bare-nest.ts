/**
 * The accepting baseline: a bare NestJS + Express app in its own process, with one POST route
 * (and one GET, the trivial-route baseline) and nothing else: Nest's default JSON body parser,
 * no middleware, no guards, no pipes. Prints its port as one JSON line once it listens.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';

@Controller('bare')
class BareController {
  @Post()
  create(@Body() body: unknown): { postSubmissionId: string; received: boolean } {
    return { postSubmissionId: randomUUID(), received: body !== undefined };
  }

  @Get()
  read(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

export interface BareApp {
  child: ChildProcess;
  url: string;
  close(): Promise<void>;
}

/** Starts the bare app in a process of its own. */
export function startBareNest(): Promise<BareApp> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`the bare app exited ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /"port":(\d+)/.exec(out)?.[1];
      if (port) {
        resolve({
          child,
          url: `http://127.0.0.1:${port}/bare`,
          close: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}

if (require.main === module) {
  void (async () => {
    const app = await NestFactory.create(BareModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ port })}\n`);
    process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  })();
}
