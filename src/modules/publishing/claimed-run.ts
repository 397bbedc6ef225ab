import { effectiveContent, type PostContent, runMediaIds, storedMediaSources } from '../connectors';
import type { RunRef } from './submissions.repository';

/** A run claimed by a worker, with what it needs to publish. */
export interface ClaimedRun {
  id: string;
  submissionId: string;
  userId: string;
  /** The submission's profile, whose media the run publishes. */
  profileId: string;
  platform: string;
  accountId: string;
  integrationId: string;
  attempts: number;
  content: PostContent;
  mediaType: 'text' | 'image' | 'video';
  enableRepurposing: boolean;
  connectorState: Record<string, unknown>;
  /** When the run was first deferred (null if never). */
  deferredSince: Date | null;
  /** The submission's stored media, in post order. */
  mediaIds: string[];
  /** Whether the submission claims media (any platform's or part's): its last settle releases them. */
  holdsMedia: boolean;
}

/** A queued run, with how long it has waited since its last change (for the reconciler). */
export interface WaitingRun extends RunRef {
  waitedMs: number;
}

/** A run whose worker's lease ran out, for the reconciler to recover. */
export interface StrandedRun extends ClaimedRun {
  publishStarted: boolean;
}

/** The columns toClaimed reads, of post_runs `r` joined with its submission `s`. */
export const CLAIMED_COLUMNS = `r.id, r.submission_id, r.user_id, r.platform, r.account_id, r.integration_id,
  r.attempts, r.connector_state, r.deferred_since, s.content, s.media_type, s.enable_repurposing, s.media_ids,
  s.profile_id`;

/** A claimed run carries its platform's effective content and media (platform-overrides.ts). */
export function toClaimed(row: Record<string, unknown>): ClaimedRun {
  const content = row.content as PostContent;
  const platform = row.platform as string;
  return {
    id: row.id as string,
    submissionId: row.submission_id as string,
    userId: row.user_id as string,
    profileId: row.profile_id as string,
    platform: row.platform as string,
    accountId: row.account_id as string,
    integrationId: row.integration_id as string,
    attempts: row.attempts as number,
    content: effectiveContent(content, platform),
    mediaType: row.media_type as ClaimedRun['mediaType'],
    enableRepurposing: row.enable_repurposing as boolean,
    connectorState: row.connector_state as Record<string, unknown>,
    deferredSince: (row.deferred_since as Date | null) ?? null,
    mediaIds: runMediaIds(content, platform, (row.media_ids as string[] | null) ?? []),
    holdsMedia: storedMediaSources(content).length > 0,
  };
}
