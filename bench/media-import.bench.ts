import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AddressPolicy } from '../src/infra/net/address-policy';
import { SystemHostResolver } from '../src/infra/net/host-resolver';
import {
  MediaImporter,
  RemoteFetcher,
  probeMedia,
  MediaStaging,
  LocalMediaStorage,
  UploadSigner,
} from '../src/modules/media';
import { mp4Stream } from '../test/fakes/media-samples';
import { recordResult, runBench } from './support';

/**
 * Remote import throughput (SSRF-checked fetch, SHA-256, staging, type sniffing, probing, move
 * into local storage) next to a plain HTTP-to-disk copy of the same file from the same loopback
 * origin. Size: SOKU_BENCH_MEDIA_MB (default 1024).
 */
const BYTES = Number(process.env.SOKU_BENCH_MEDIA_MB ?? 1024) * 1024 * 1024;
const ROUNDS = 3;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-media-'));
  const source = path.join(dir, 'source.mp4');
  await pipeline(mp4Stream(BYTES), fs.createWriteStream(source));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BYTES });
    fs.createReadStream(source).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/source.mp4`;

  const limits = {
    maxBytes: BYTES,
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 30_000,
    totalTimeoutMs: 600_000,
  };
  const staging = new MediaStaging(dir);
  const importer = new MediaImporter(
    new RemoteFetcher(new AddressPolicy(['127.0.0.1']), new SystemHostResolver(), limits),
    staging,
    limits,
  );
  const storage = new LocalMediaStorage(
    path.join(dir, 'media'),
    'http://localhost',
    new UploadSigner(Buffer.alloc(32)),
    staging,
  );

  const plainCopy = async (round: number): Promise<void> => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(url, resolve).on('error', reject),
    );
    await pipeline(res, fs.createWriteStream(path.join(dir, `copy-${round}`)));
  };
  const sokuImport = async (round: number): Promise<void> => {
    const staged = await importer.download(url);
    const probe = await probeMedia(staged.path);
    await storage.put(`bench-${round}.${probe.extension}`, staged);
  };

  const best = async (run: (round: number) => Promise<void>): Promise<number> => {
    let fastest = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const started = process.hrtime.bigint();
      await run(round);
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e9);
      for (const name of fs.readdirSync(dir)) {
        if (name.startsWith('copy-')) {
          fs.rmSync(path.join(dir, name));
        }
      }
      fs.rmSync(path.join(dir, 'media'), { recursive: true, force: true });
    }
    return BYTES / 1024 / 1024 / fastest;
  };

  const baseline = await best(plainCopy);
  const soku = await best(sokuImport);
  const mb = BYTES / 1024 / 1024;
  recordResult({
    scenario: `Media import of ${mb} MiB over loopback (SSRF check, hash, sniff, probe, local storage; best of ${ROUNDS}) vs a plain stream-to-disk copy`,
    ours: `${soku.toFixed(0)} MiB/s`,
    baseline: `${baseline.toFixed(0)} MiB/s`,
    ratio: soku / baseline,
    target: 'ratio >= 0.50',
    pass: soku / baseline >= 0.5,
  });
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

runBench(main);
