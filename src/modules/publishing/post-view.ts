import type { PostRunEntity } from './entities/post-run.entity';
import type { PostSubmissionEntity } from './entities/post-submission.entity';
import type { RunDeletionView } from './deletion/run-deletion';
import { hasParts } from '../connectors';
import type { RunPart } from './run-part';

export const OUTCOMES = ['pending', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface PostRunView {
  id: string;
  platform: string;
  accountId: string;
  targetId: string;
  status: string;
  attempts: number;
  platformPostId: string | null;
  url: string | null;
  error: { code: string; message: string } | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Only once DELETE /v1/posts/:id/published asked for it. */
  deletion?: RunDeletionView;
  /** Only on posts with a thread or a first comment. */
  parts?: PostRunPartView[];
  /** Only on posts with parts: true once a part failed after the post went out. */
  partial?: boolean;
}

/** One part of a run after its post (position 1 on), as GET shows it. */
export interface PostRunPartView {
  position: number;
  kind: string;
  status: string;
  attempts: number;
  platformPostId: string | null;
  url: string | null;
  error: { code: string; message: string } | null;
  finishedAt: string | null;
}

/**
 * A post as its owner reads it: the GET /v1/posts/:id body and the `data` of post events, which
 * must match byte for byte (posts' PostSubmissionDto documents this shape).
 */
export interface PostView {
  id: string;
  status: string;
  outcome: string;
  scheduledTime: string;
  mediaType: string;
  content: Record<string, unknown>;
  enableRepurposing: boolean;
  origin: { submissionId: string | null; automationId: string | null; depth: number } | null;
  createdAt: string;
  updatedAt: string;
  runs: PostRunView[];
}

/** A submission as the repositories read it, with its derived outcome. */
export interface SubmissionWithOutcome {
  submission: PostSubmissionEntity;
  outcome: Outcome;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export function toPostView(
  submission: PostSubmissionEntity,
  outcome: Outcome,
  runs: PostRunEntity[],
  deletions: ReadonlyMap<string, RunDeletionView> = new Map(),
  parts: RunPart[] = [],
): PostView {
  const withParts = hasParts(submission.content);
  return {
    id: submission.id,
    status: submission.status,
    outcome,
    scheduledTime: submission.scheduledTime.toISOString(),
    mediaType: submission.mediaType,
    content: submission.content as Record<string, unknown>,
    enableRepurposing: submission.enableRepurposing,
    origin:
      submission.automationChain.length > 0
        ? {
            submissionId: submission.originSubmissionId,
            automationId: submission.originAutomationId,
            depth: submission.automationChain.length,
          }
        : null,
    createdAt: submission.createdAt.toISOString(),
    updatedAt: submission.updatedAt.toISOString(),
    runs: runs.map((run) => ({
      id: run.id,
      platform: run.platform,
      accountId: run.accountId,
      targetId: run.targetId,
      status: run.status,
      attempts: run.attempts,
      platformPostId: run.platformPostId,
      url: run.url,
      error: run.errorCode ? { code: run.errorCode, message: run.errorMessage ?? '' } : null,
      nextAttemptAt: run.status === 'queued' ? iso(run.nextAttemptAt) : null,
      createdAt: run.createdAt.toISOString(),
      updatedAt: run.updatedAt.toISOString(),
      finishedAt: iso(run.finishedAt),
      ...(deletions.has(run.id) ? { deletion: deletions.get(run.id) } : {}),
      ...(withParts ? partsView(parts.filter((part) => part.runId === run.id)) : {}),
    })),
  };
}

function partsView(parts: RunPart[]): Pick<PostRunView, 'parts' | 'partial'> {
  return {
    parts: parts.map((part) => ({
      position: part.position,
      kind: part.kind,
      status: part.status,
      attempts: part.attempts,
      platformPostId: part.platformPostId,
      url: part.url,
      error: part.errorCode ? { code: part.errorCode, message: part.errorMessage ?? '' } : null,
      finishedAt: iso(part.finishedAt),
    })),
    partial: parts.some((part) => part.status === 'failed'),
  };
}
