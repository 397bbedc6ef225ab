/** The lifecycle states of DESIGN.md, shared by the entities, the views and posts' DTOs. */
export const RUN_STATUSES = ['queued', 'processing', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export const SUBMISSION_STATUSES = ['queued', 'orchestrating', 'dispatched', 'cancelled'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export type MediaType = 'text' | 'image' | 'video';
