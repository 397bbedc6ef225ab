import * as fs from 'node:fs';

/**
 * Attributes a V8 CPU profile (`node --cpu-prof`) of a Soku process to the pieces of the request
 * path, by the file each sample's own function lives in (self time): a piece's share is the
 * time spent in its code and its libraries. Time a piece spends in shared code (Node's streams,
 * Express, Nest's call chain) lands in those rows instead, so the pieces' shares are lower bounds.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** The pieces, first match wins: a path fragment of the built app or a package name. */
const PIECES: [string, RegExp][] = [
  ['request id + security headers + access log', /dist\/common\/http\/|\/pino\/|\/sonic-boom\//],
  [
    'body parsing (JSON, UTF-8 and unsafe-input checks)',
    /\/(body-parser|raw-body|iconv-lite|content-type|type-is|media-typer|bytes)\/|unsafe-input/,
  ],
  ['request log', /dist\/modules\/requests\//],
  ['metrics', /dist\/modules\/metrics\/|\/prom-client\//],
  ['limiter', /dist\/modules\/rate-limits\/|\/@nestjs\/throttler\//],
  ['guards (API key, caller, subscription)', /dist\/modules\/(auth|api-keys)\//],
  [
    'validation pipe (class-validator, class-transformer)',
    /dist\/common\/validation\/|\/class-validator\/|\/class-transformer\/|\/validator\//,
  ],
  ['idempotency', /dist\/modules\/idempotency\//],
  [
    'handler: posts, publishing, connectors, integrations',
    /dist\/modules\/(posts|publishing|orchestration|connectors|integrations|media)\//,
  ],
  ['PostgreSQL client (pg, pg-pool, TypeORM)', /\/(pg|pg-pool|pg-protocol|pg-types|typeorm)\//],
  ['Redis client (ioredis, Bull)', /\/(ioredis|bull|redis-parser|cluster-key-slot)\//],
  ['Express + Nest + rxjs', /\/(express|router|@nestjs|rxjs|finalhandler|send|path-to-regexp)\//],
  ['other app code', /dist\//],
  ['other libraries', /node_modules\//],
  ['garbage collection', /^\(garbage collector\)$/],
  ['native code V8 does not attribute ("(program)")', /^\(program\)$/],
  ['Node.js internals and native code (HTTP parser, sockets, JSON)', /^node:|^internal\/|^\(/],
];

export interface PieceShare {
  piece: string;
  /** Fraction of the profile's busy (non-idle) samples. */
  share: number;
}

/** The profile in `file`, attributed; idle samples left out. */
export function attribute(file: string): PieceShare[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const pieceOf = new Map<number, string | undefined>();
  for (const node of profile.nodes) {
    const { functionName, url } = node.callFrame;
    const key = url === '' ? `(${functionName.replace(/[()]/g, '')})` : url;
    const idle = functionName === '(idle)';
    pieceOf.set(node.id, idle ? undefined : (PIECES.find(([, re]) => re.test(key))?.[0] ?? key));
  }
  const counts = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const piece = pieceOf.get(id);
    if (piece !== undefined) {
      counts.set(piece, (counts.get(piece) ?? 0) + 1);
      busy++;
    }
  }
  return PIECES.map(([piece]) => ({ piece, share: (counts.get(piece) ?? 0) / Math.max(1, busy) }));
}
