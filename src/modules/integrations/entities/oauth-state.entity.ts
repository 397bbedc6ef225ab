import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Platform } from '../../../common/platforms';

/** A pending connect: one `state` handed to the platform, usable once, for ten minutes. */
@Entity('oauth_states')
export class OAuthStateEntity {
  /** SHA-256 of the state: a leaked table row cannot complete someone's connect. */
  @PrimaryColumn({ name: 'state_hash', type: 'text' })
  stateHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The profile the accounts are linked into: the one the connect was started in. */
  @Column({ name: 'profile_id', type: 'uuid' })
  profileId: string;

  @Column({ type: 'text' })
  platform: Platform;

  /** PKCE verifier, vault-encrypted; null for platforms without PKCE. */
  @Column({ name: 'code_verifier', type: 'text', nullable: true })
  codeVerifier: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
