import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One authenticated request, as the request log recorded it. */
@Entity('api_requests')
export class ApiRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /**
   * The profile the request acted in; for a request refused by the `Soku-Profile` check, the
   * one its credentials act in without the header (the bound key's, else the default).
   */
  @Column({ name: 'profile_id', type: 'uuid' })
  profileId: string;

  /** The API key used (its id, the SHA-256 hash), or null for an ID-token call. */
  @Column({ name: 'api_key_id', type: 'text', nullable: true })
  apiKeyId: string | null;

  @Column({ type: 'text' })
  method: string;

  /** The route template (`/v1/posts/:id`), or the path for a request no route matched. */
  @Column({ type: 'text' })
  route: string;

  @Column({ type: 'smallint' })
  status: number;

  @Column({ name: 'request_id', type: 'text' })
  requestId: string;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'latency_ms', type: 'double precision' })
  latencyMs: number;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  /** When the request arrived (millisecond precision, which the cursor relies on). */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
