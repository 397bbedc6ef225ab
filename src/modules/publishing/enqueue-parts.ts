import { hasParts, type PostContent } from '../connectors';
import type { JobQueue } from '../../infra/queue/job-queue';
import { publishPartsJobId } from '../../infra/queue/queues';

/** Once a run's post is out, its parts (if it has any) go onto the publish-parts queue. */
export async function enqueueParts(
  queue: JobQueue,
  run: { id: string; content: PostContent },
): Promise<void> {
  if (hasParts(run.content)) {
    await queue.add('publish-parts', publishPartsJobId(run.id), { runId: run.id });
  }
}
