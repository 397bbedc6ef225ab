/** Publishing's public API: what posts, admin, health and the worker reach it through. */
export { PublishingModule } from './publishing.module';
export { type CancelResult, PublishingService, type RetryResult } from './publishing.service';
export { OUTCOMES, type Outcome, type PostRunView, type PostView } from './post-view';
export type { SubmissionWithOutcome } from './post-view';
export { RUN_STATUSES, type RunStatus } from './statuses';
export { type MediaType, SUBMISSION_STATUSES, type SubmissionStatus } from './statuses';
export type { NewRun, NewSubmission } from './submission-rows';
export { WorkerHeartbeat } from './heartbeat/worker-heartbeat';
export type { SubmissionListFilter } from './submission-list.repository';
export { RunDeletionService, type UnpublishResult } from './deletion/run-deletion.service';
export { DELETION_STATUSES, type RunDeletionView } from './deletion/run-deletion';
export { PublishedRunsReader } from './published-runs.reader';
export type { PublishedCursor, PublishedRun } from './published-runs.repository';
export { PublishedParts } from './published-parts';
export { type BatchClaim, type BatchPost, SubmissionBatches } from './submission-batches';
export { SubmissionCancels } from './submission-cancels';
export { PostHistory, type PostEventView } from './post-history';
export { EDITABLE_FIELDS, type PostChange } from './post-changes';
