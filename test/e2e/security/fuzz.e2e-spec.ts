import fc from 'fast-check';
import { FuzzClient } from '../../security/fuzz-client';
import { requestArbitrary, type FuzzContext } from '../../security/fuzz-requests';
import { seedOwnedResources, startFuzzTarget, type FuzzTarget } from '../../security/fuzz-setup';
import { loadOpenApi, type Operation } from '../../security/openapi-document';
import { responseProblems } from '../../security/response-properties';

/**
 * Schema-driven fuzzing of every operation in the committed openapi.json, over real HTTP against
 * the real app. CI uses a fixed seed; `npm run fuzz` draws one and prints it. Replay any run with
 * FUZZ_SEED=<seed> (and FUZZ_RUNS=<total> for the same size).
 */
const doc = loadOpenApi();
const seed =
  process.env.FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED ?? 20261129);
const totalRuns = Number(process.env.FUZZ_RUNS ?? 10_000);
// Deletions last, so the owned rows the others aim at live as long as possible.
const operations = [...doc.operations].sort(
  (a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'),
);
const runsPerOperation = Math.ceil(totalRuns / operations.length);

function label(op: Operation): string {
  return `${op.method} ${op.path}`;
}

describe(`schema-driven fuzzing (FUZZ_SEED=${seed}, FUZZ_RUNS=${totalRuns})`, () => {
  let target: FuzzTarget;
  let ctx: FuzzContext;
  let client: FuzzClient;
  const started = Date.now();

  beforeAll(async () => {
    process.stdout.write(`fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${totalRuns}\n`);
    target = await startFuzzTarget();
    ctx = await seedOwnedResources(target);
    client = new FuzzClient(target.t.http);
  });
  afterAll(async () => {
    client?.close();
    await target?.close();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`fuzz: ${client?.sent ?? 0} requests in ${seconds} s\n`);
  });

  it.each(operations.map((op, index) => [label(op), op, index] as const))(
    '%s: no 5xx, envelope on errors, documented schema on success, invalid input refused',
    async (_label, op, index) => {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(op, doc, ctx), async (req) => {
          const res = await client.send(req);
          const problems = responseProblems(doc, op, req, res);
          if (problems.length > 0) {
            throw new Error(
              `${req.method} ${req.url.slice(0, 300)} [${req.mutation}] → ${res.status}\n` +
                problems.join('\n'),
            );
          }
        }),
        { seed: seed + index, numRuns: runsPerOperation, endOnFailure: true },
      );
    },
    // Long runs (npm run fuzz) get time in proportion; CI's stay at the default minute.
    Math.max(60_000, runsPerOperation * 200),
  );
});
