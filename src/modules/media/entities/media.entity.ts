import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const MEDIA_STATUSES = ['pending', 'ready'] as const;
/** `pending`: a direct upload announced, bytes not yet verified. `ready`: stored and probed. */
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

const bigintAsNumber = {
  to: (value: number): number => value,
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};

@Entity('media')
export class MediaEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('uuid', { name: 'profile_id' })
  profileId: string;

  @Column('text')
  status: MediaStatus;

  /** Object name in storage: `<id>.<ext>` once ready, `upload-<id>` while pending. */
  @Column('text', { name: 'storage_key' })
  storageKey: string;

  @Column('text', { name: 'mime_type' })
  mimeType: string;

  @Column('bigint', { transformer: bigintAsNumber })
  size: number;

  @Column('char', { length: 64, nullable: true })
  sha256: string | null;

  @Column('int', { nullable: true })
  width: number | null;

  @Column('int', { nullable: true })
  height: number | null;

  @Column('double precision', { name: 'duration_seconds', nullable: true })
  durationSeconds: number | null;

  /** The URL it was imported from, or null for a direct upload. */
  @Column('text', { name: 'source_url', nullable: true })
  sourceUrl: string | null;

  /** The client's file name for a direct upload. */
  @Column('text', { nullable: true })
  filename: string | null;

  @Column('timestamptz', { name: 'upload_expires_at', nullable: true })
  uploadExpiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
