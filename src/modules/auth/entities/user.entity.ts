import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** The ID-token issuer that vouches for this user (Firebase project, OIDC provider, local). */
  @Column({ name: 'auth_issuer', type: 'text' })
  authIssuer: string;

  /** The `sub` claim under that issuer. */
  @Column({ name: 'auth_subject', type: 'text' })
  authSubject: string;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  /** Set by an admin: the user's API keys and ID tokens are refused while it is. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
