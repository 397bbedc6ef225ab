import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type IdempotencyState = 'in_progress' | 'completed';

/**
 * One claimed key: unique per (user, profile, endpoint, SHA-256 of the key). The key itself is
 * not kept.
 */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The profile of the request that claimed it. */
  @Column({ name: 'profile_id', type: 'uuid' })
  profileId: string;

  /** Method and route template, e.g. `POST /v1/posts`. */
  @Column({ type: 'text' })
  endpoint: string;

  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  /** SHA-256 of the canonical JSON body. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash: string;

  @Column({ type: 'text' })
  state: IdempotencyState;

  /** While in progress: renewed by the request's process; a claim past it can be taken over. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'response_status', type: 'smallint', nullable: true })
  responseStatus: number | null;

  /** The response body exactly as sent; for an error, its code, message and details as JSON. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ name: 'response_is_error', type: 'boolean', default: false })
  responseIsError: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
