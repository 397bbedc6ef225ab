import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Platform } from '../../../common/platforms';
import type { RunStatus } from '../statuses';

/** One target of a submission: one account on one platform. */
@Entity('post_runs')
export class PostRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  platform: Platform;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'target_id', type: 'text' })
  targetId: string;

  @Column({ type: 'text', default: 'queued' })
  status: RunStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** When the run was first deferred: deferrals spend no attempt, so time bounds them. */
  @Column({ name: 'deferred_since', type: 'timestamptz', nullable: true })
  deferredSince: Date | null;

  /** While `processing`: when the worker's claim lapses and the reconciler may take over. */
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  /** Set just before the irreversible platform call: after it, never re-send blindly. */
  @Column({ name: 'publish_started_at', type: 'timestamptz', nullable: true })
  publishStartedAt: Date | null;

  /** What the connector persisted before the irreversible step (upload ids, container ids). */
  @Column({ name: 'connector_state', type: 'jsonb', default: {} })
  connectorState: Record<string, unknown>;

  @Column({ name: 'platform_post_id', type: 'text', nullable: true })
  platformPostId: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
