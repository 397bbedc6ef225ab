import { parentPort } from 'node:worker_threads';
import { OgRenderer, type RenderJob } from './og-renderer';

export interface RenderRequest {
  id: number;
  job: RenderJob;
}

export type RenderReply = { id: number; png: Uint8Array } | { id: number; error: string };

/** One render thread: fonts are loaded once here, then jobs are rendered one at a time. */
const renderer = new OgRenderer();
const port = parentPort!;

port.on('message', ({ id, job }: RenderRequest) => {
  renderer.render(job).then(
    (png) => port.postMessage({ id, png } satisfies RenderReply),
    (error: unknown) =>
      port.postMessage({
        id,
        error: (error as Error).message ?? String(error),
      } satisfies RenderReply),
  );
});
