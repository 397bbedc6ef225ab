import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PostContent } from '../post-content';

/** What a sandbox post records: the content, and the stored media it was published with. */
export interface RecordedContent extends PostContent {
  media?: { kind: string; mimeType: string; url: string }[];
}

/** A post "published" to a sandbox account: recorded here instead of sent to the platform. */
@Entity('sandbox_posts')
export class SandboxPostEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique: the platform-side idempotency a real platform lacks. */
  @Column({ name: 'run_id', type: 'uuid', unique: true })
  runId: string;

  @Column({ type: 'text' })
  platform: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ type: 'jsonb' })
  content: RecordedContent;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
