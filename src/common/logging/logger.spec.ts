import pino from 'pino';
import { Writable } from 'node:stream';
import { PinoNestLogger } from './logger';

/** A pino logger at `level` whose lines are collected as parsed objects. */
function collectingLogger(level: pino.Level): {
  nest: PinoNestLogger;
  lines: { level: number; msg: string; context?: string }[];
} {
  const lines: { level: number; msg: string; context?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { nest: new PinoNestLogger(pino({ level }, sink)), lines };
}

describe('PinoNestLogger', () => {
  it("should keep Nest's module and route listings out of an info-level log", () => {
    const { nest, lines } = collectingLogger('info');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('PostsController {/v1/posts}:', 'RoutesResolver');
    nest.log('Mapped {/v1/posts, POST} route', 'RouterExplorer');
    nest.log('Starting Nest application...', 'NestFactory');
    nest.log('Nest application successfully started', 'NestApplication');
    expect(lines).toEqual([]);
  });

  it('should write the listings at debug level', () => {
    const { nest, lines } = collectingLogger('debug');
    nest.log('Mapped {/v1/posts, POST} route', 'RouterExplorer');
    expect(lines).toEqual([
      expect.objectContaining({ level: 20, msg: 'Mapped {/v1/posts, POST} route' }),
    ]);
  });

  it("should keep the framework's errors and other contexts' messages at their level", () => {
    const { nest, lines } = collectingLogger('info');
    nest.error('listen EADDRINUSE', 'NestApplication');
    nest.log('starting embedded PostgreSQL', 'EmbeddedPostgres');
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'listen EADDRINUSE', context: 'NestApplication' }),
      expect.objectContaining({ level: 30, msg: 'starting embedded PostgreSQL' }),
    ]);
  });
});
