import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SubscriptionEntity } from './entities/subscription.entity';
import type { SubscriptionStatus } from './subscription-status';
import { UserEntity } from './entities/user.entity';
import type { CursorPosition } from '../../common/pagination/cursor';
import { isUniqueViolation } from '../../database/unique-violation';

const CREATED_MS = "date_trunc('milliseconds', u.created_at)";

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(SubscriptionEntity)
    private readonly subscriptions: Repository<SubscriptionEntity>,
  ) {}

  count(): Promise<number> {
    return this.users.count();
  }

  /** Newest first, strictly before `before` (a keyset position). */
  listPage(limit: number, before?: CursorPosition): Promise<UserEntity[]> {
    const query = this.users
      .createQueryBuilder('u')
      // Millisecond precision, as in the cursor, so a page boundary never skips or repeats a row.
      .orderBy(CREATED_MS, 'DESC')
      .addOrderBy('u.id', 'DESC')
      .limit(limit);
    if (before) {
      query.where(`(${CREATED_MS}, u.id) < (:createdAt, :id)`, before);
    }
    return query.getMany();
  }

  async setDisabled(userId: string, disabledAt: Date | null): Promise<void> {
    await this.users.update({ id: userId }, { disabledAt });
  }

  findById(userId: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id: userId });
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  /**
   * The user for this (issuer, subject), created on first sight. Safe under concurrency: the
   * unique constraint decides, and the loser reads the winner's row.
   */
  async upsertIdentity(issuer: string, subject: string, email: string | null): Promise<UserEntity> {
    const existing = await this.users.findOneBy({ authIssuer: issuer, authSubject: subject });
    if (existing) {
      return existing;
    }
    try {
      return await this.users.save(
        this.users.create({ authIssuer: issuer, authSubject: subject, email, isAdmin: false }),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      const raced = await this.users.findOneBy({ authIssuer: issuer, authSubject: subject });
      if (raced) {
        return raced;
      }
      // The email belongs to another identity: keep the user, without the email.
      return this.users.save(
        this.users.create({
          authIssuer: issuer,
          authSubject: subject,
          email: null,
          isAdmin: false,
        }),
      );
    }
  }

  insert(
    user: Pick<UserEntity, 'authIssuer' | 'authSubject' | 'email' | 'isAdmin'>,
  ): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  findSubscription(userId: string): Promise<SubscriptionEntity | null> {
    return this.subscriptions.findOneBy({ userId });
  }

  async setSubscription(
    userId: string,
    status: SubscriptionStatus | null,
    currentPeriodEnd: Date | null,
  ): Promise<void> {
    if (status === null) {
      await this.subscriptions.delete({ userId });
      return;
    }
    await this.subscriptions.upsert({ userId, status, currentPeriodEnd }, ['userId']);
  }
}
