import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Heap snapshots of a spawned Soku process (started with `--heapsnapshot-signal=SIGUSR2
 * --diagnostic-dir=<dir>`, so the app carries no debug route) and their comparison by
 * constructor, like the Comparison view of Chrome DevTools: objects and self size per
 * constructor, what grew between two snapshots.
 */
export const SNAPSHOT_NODE_OPTIONS = (dir: string): string =>
  `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`;

/**
 * Signals the process and resolves with the new snapshot's path once the process answers HTTP
 * again: Node writes the snapshot on the main thread, so an answer means the file is complete.
 */
export async function takeSnapshot(pid: number, dir: string, healthUrl: string): Promise<string> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const added = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (added && (await answers(healthUrl))) {
      return path.join(dir, added);
    }
  }
  throw new Error(`no heap snapshot of process ${pid} in ${dir} within 120 s`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(60_000) })).ok;
  } catch {
    return false;
  }
}

export interface ConstructorTotal {
  count: number;
  selfSize: number;
}

interface SnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Node types DevTools lists under one parenthesised group instead of by name. */
const GROUPED = new Set(['hidden', 'array', 'string', 'concatenated string', 'sliced string']);

/** Objects and self size per constructor (closures by function name, so listeners show). */
export function summarize(file: string): Map<string, ConstructorTotal> {
  const heap = JSON.parse(fs.readFileSync(file, 'utf8')) as SnapshotFile;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const totals = new Map<string, ConstructorTotal>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt]];
    const name = heap.strings[heap.nodes[i + nameAt]];
    const key = GROUPED.has(type)
      ? `(${type.endsWith('string') ? 'string' : type})`
      : type === 'object' || type === 'native'
        ? name
        : `(${type}) ${name}`.trim();
    const total = totals.get(key) ?? { count: 0, selfSize: 0 };
    total.count += 1;
    total.selfSize += heap.nodes[i + sizeAt];
    totals.set(key, total);
  }
  return totals;
}

export interface Growth extends ConstructorTotal {
  name: string;
}

/** Constructors whose self size grew from `before` to `after`, the largest growth first. */
export function grown(
  before: Map<string, ConstructorTotal>,
  after: Map<string, ConstructorTotal>,
  top = 15,
): Growth[] {
  const growth: Growth[] = [];
  for (const [name, now] of after) {
    const then = before.get(name) ?? { count: 0, selfSize: 0 };
    growth.push({ name, count: now.count - then.count, selfSize: now.selfSize - then.selfSize });
  }
  return growth.sort((a, b) => b.selfSize - a.selfSize).slice(0, top);
}

export function totalSelfSize(totals: Map<string, ConstructorTotal>): number {
  let sum = 0;
  for (const { selfSize } of totals.values()) {
    sum += selfSize;
  }
  return sum;
}
