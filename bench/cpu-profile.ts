import * as fs from 'node:fs';

/**
 * Attributes a V8 CPU profile (`node --cpu-prof`) of a Soku process to the pieces of the request
 * path, by the file each sample's own function lives in (self time): a piece's share is the
 * time spent in its code and its libraries. Time a piece spends in shared code (Node's streams,
 * Express, Nest's call chain) lands in those rows instead, so the pieces' shares are lower bounds.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
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

export interface Attribution {
  pieces: PieceShare[];
  /** The functions with the most self time, as "name (file:line)", busiest first. */
  top: PieceShare[];
}

const TOP_FUNCTIONS = 12;

/** The profile in `file`, attributed; idle samples left out. */
export function attribute(file: string): Attribution {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const pieceOf = new Map<number, string | undefined>();
  const functionOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = url === '' ? `(${functionName.replace(/[()]/g, '')})` : url;
    const idle = functionName === '(idle)';
    pieceOf.set(node.id, idle ? undefined : (PIECES.find(([, re]) => re.test(key))?.[0] ?? key));
    const where = url.replace(/^.*\/(node_modules|dist)\//, '').replace(/^file:\/\//, '');
    functionOf.set(
      node.id,
      `${functionName || '(anonymous)'}${where ? ` (${where}:${lineNumber + 1})` : ''}`,
    );
  }
  const counts = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const piece = pieceOf.get(id);
    if (piece !== undefined) {
      counts.set(piece, (counts.get(piece) ?? 0) + 1);
      const name = functionOf.get(id)!;
      byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
      busy++;
    }
  }
  const share = (n: number) => n / Math.max(1, busy);
  return {
    pieces: PIECES.map(([piece]) => ({ piece, share: share(counts.get(piece) ?? 0) })),
    top: [...byFunction.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_FUNCTIONS)
      .map(([piece, n]) => ({ piece, share: share(n) })),
  };
}
