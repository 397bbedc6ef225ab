/** Where taking a run's post down stands. */
export const DELETION_STATUSES = ['pending', 'deleted', 'failed', 'unsupported'] as const;
export type DeletionStatus = (typeof DELETION_STATUSES)[number];

/** `runs[].deletion` in GET /v1/posts/:id, present once a deletion was asked for. */
export interface RunDeletionView {
  status: DeletionStatus;
  /** When it reached its status (for `pending`, when it was asked for). */
  at: string;
  error: { code: string; message: string } | null;
}

/** A deletion a worker claimed, with what it needs to call the platform. */
export interface ClaimedDeletion {
  runId: string;
  submissionId: string;
  userId: string;
  platform: string;
  integrationId: string;
  platformPostId: string;
  attempts: number;
}

/**
 * The platform objects a run made, deleted in this order: its parts (thread replies, first
 * comments; `partIds` last part first), then the post itself, so no reply is left hanging
 * under a deleted post.
 */
export function platformObjectsOf(
  run: Pick<ClaimedDeletion, 'platformPostId'>,
  partIds: string[] = [],
): string[] {
  return [...partIds, run.platformPostId];
}
