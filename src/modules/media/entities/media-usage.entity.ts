import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * "This media is needed by that holder" (e.g. `post:<submissionId>`), written by the module that
 * needs the media through MediaService, so DELETE can refuse while any holder remains.
 */
@Entity('media_usages')
export class MediaUsageEntity {
  @PrimaryColumn('uuid', { name: 'media_id' })
  mediaId: string;

  @PrimaryColumn('text')
  holder: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
