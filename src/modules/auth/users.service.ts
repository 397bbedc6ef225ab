import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SokuConfig } from '../../config/soku-config';
import { CacheStore } from '../../infra/cache/cache-store';
import { NoUserWithEmailError, UserNotFoundError } from './auth.errors';
import type { UserAccess } from './user-access';
import type { SubscriptionEntity } from './entities/subscription.entity';
import type { SubscriptionStatus } from './subscription-status';
import { fetchRows, type Page, type PageRequest } from '../../common/pagination/page';
import type { UserEntity } from './entities/user.entity';
import { LOCAL_ISSUER } from './id-token/local-issuer';
import { UsersRepository } from './users.repository';
import { isUuid } from '../../common/validation/uuid';

const accessKey = (userId: string) => `access:${userId}`;

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly cache: CacheStore,
    private readonly config: SokuConfig,
  ) {}

  /** The user an ID token speaks for, created locally on first sight. */
  fromIdentity(issuer: string, subject: string, email: string | null): Promise<UserEntity> {
    return this.users.upsertIdentity(issuer, subject, email);
  }

  /** A user vouched for by Soku's own issuer (embedded mode, the CLI). */
  createLocal(email: string, isAdmin: boolean): Promise<UserEntity> {
    return this.users.insert({
      authIssuer: LOCAL_ISSUER,
      authSubject: randomUUID(),
      email,
      isAdmin,
    });
  }

  async getByEmail(email: string): Promise<UserEntity> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      throw new NoUserWithEmailError(email);
    }
    return user;
  }

  /** Admin flag and subscription, cached per user (shared through Redis in scaled mode). */
  async access(userId: string): Promise<UserAccess | null> {
    const cached = await this.cache.get(accessKey(userId));
    if (cached !== undefined) {
      return JSON.parse(cached) as UserAccess;
    }
    const user = await this.users.findById(userId);
    if (!user) {
      return null;
    }
    const subscription = await this.users.findSubscription(userId);
    const access: UserAccess = {
      userId,
      isAdmin: user.isAdmin,
      disabled: user.disabledAt !== null,
      subscription: subscription
        ? {
            status: subscription.status,
            currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
          }
        : null,
    };
    await this.cache.set(
      accessKey(userId),
      JSON.stringify(access),
      this.config.auth.cacheTtlSeconds,
    );
    return access;
  }

  /** Users newest first, one keyset page (admin). */
  list(query: PageRequest): Promise<Page<UserEntity>> {
    return fetchRows(
      query,
      (rows, before) => this.users.listPage(rows, before),
      (user) => user,
    );
  }

  async get(userId: string): Promise<UserEntity> {
    const user = isUuid(userId) ? await this.users.findById(userId) : null;
    if (!user) {
      throw new UserNotFoundError();
    }
    return user;
  }

  async subscriptionOf(userId: string): Promise<SubscriptionEntity | null> {
    return this.users.findSubscription(userId);
  }

  /** Disables (their keys and ID tokens answer 401) or re-enables a user; effective at once. */
  async setDisabled(userId: string, disabled: boolean): Promise<UserEntity> {
    await this.get(userId);
    await this.users.setDisabled(userId, disabled ? new Date() : null);
    await this.cache.delete(accessKey(userId));
    return this.get(userId);
  }

  /** Sets (or with `null`, removes) the subscription; effective on the next request. */
  async setSubscription(
    userId: string,
    status: SubscriptionStatus | null,
    currentPeriodEnd: Date | null,
  ): Promise<void> {
    await this.users.setSubscription(userId, status, currentPeriodEnd);
    await this.cache.delete(accessKey(userId));
  }
}
