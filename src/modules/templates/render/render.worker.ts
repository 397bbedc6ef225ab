import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { OgRenderer, type RenderJob } from './og-renderer';

export interface RenderRequest {
  id: number;
  job: RenderJob;
}

export type RenderReply = { id: number; image: Uint8Array } | { id: number; error: string };

/**
 * Renders yield the CPU to the event loop: on Linux the nice value is per thread and pid 0 is
 * this thread, so requests keep answering promptly while every core renders. Best effort: a
 * platform that refuses only loses the preference.
 */
const RENDER_NICENESS = 10;
try {
  setPriority(0, RENDER_NICENESS);
} catch {
  // Rendering works the same at the default priority.
}

/** One render thread: fonts are loaded once here, then jobs are rendered one at a time. */
const renderer = new OgRenderer();
const port = parentPort!;

port.on('message', ({ id, job }: RenderRequest) => {
  renderer.render(job).then(
    (image) => port.postMessage({ id, image } satisfies RenderReply),
    (error: unknown) =>
      port.postMessage({
        id,
        error: (error as Error).message ?? String(error),
      } satisfies RenderReply),
  );
});
