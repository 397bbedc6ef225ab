import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { PostContent } from '../../connectors';
import type { MediaType, SubmissionStatus } from '../statuses';

@Entity('post_submissions')
export class PostSubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The owner's profile the post belongs to (the default profile's id is the user's). */
  @Column({ name: 'profile_id', type: 'uuid' })
  profileId: string;

  @Column({ type: 'text', default: 'queued' })
  status: SubmissionStatus;

  @Column({ type: 'jsonb' })
  content: PostContent;

  @Column({ name: 'media_type', type: 'text' })
  mediaType: MediaType;

  @Column({ name: 'scheduled_time', type: 'timestamptz' })
  scheduledTime: Date;

  /** The post's media as stored copies, in post order; null until orchestration imports them. */
  @Column({ name: 'media_ids', type: 'uuid', array: true, nullable: true })
  mediaIds: string[] | null;

  /** Its runs' publish jobs carry its timer (no orchestration): see migration 1772500000000. */
  @Column({ name: 'runs_timed', type: 'boolean', default: false })
  runsTimed: boolean;

  @Column({ name: 'enable_repurposing', type: 'boolean', default: false })
  enableRepurposing: boolean;

  /** Set when an automation created this submission from another one's published post. */
  @Column({ name: 'origin_submission_id', type: 'uuid', nullable: true })
  originSubmissionId: string | null;

  @Column({ name: 'origin_automation_id', type: 'uuid', nullable: true })
  originAutomationId: string | null;

  /** The automations that led here, first to last: none of them fires on this submission. */
  @Column({ name: 'automation_chain', type: 'uuid', array: true, default: () => "'{}'" })
  automationChain: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
