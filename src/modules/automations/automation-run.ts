import type { Platform } from '../../common/platforms';
import type { AutomationAction } from './automation-action';

export const RUN_STATUSES = ['pending', 'succeeded', 'failed', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A row of automations. */
export interface Automation {
  id: string;
  userId: string;
  name: string;
  enabled: boolean;
  triggerPlatform: Platform;
  triggerAccountId: string | null;
  onlyRepurposing: boolean;
  action: AutomationAction;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of automation_runs: one execution of one automation for one published run. */
export interface AutomationRun {
  id: string;
  automationId: string;
  eventId: string;
  status: RunStatus;
  originSubmissionId: string | null;
  originRunId: string | null;
  submissionId: string | null;
  error: string | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}
