import { Injectable } from '@nestjs/common';
import type { PageRequest } from '../../common/pagination/page';
import { type UserRecord, UsersService } from '../auth';
import { CreditsService } from '../credits';
import type { AdminUserDto, AdminUserListDto } from './dto/admin-user.dto';

/** The admin's view of users, assembled from the services the public API uses. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly credits: CreditsService,
  ) {}

  async list(query: PageRequest): Promise<AdminUserListDto> {
    const page = await this.users.list(query);
    return {
      data: await Promise.all(page.data.map((user) => this.view(user))),
      nextCursor: page.nextCursor,
    };
  }

  async get(userId: string): Promise<AdminUserDto> {
    return this.view(await this.users.get(userId));
  }

  async setDisabled(userId: string, disabled: boolean): Promise<AdminUserDto> {
    return this.view(await this.users.setDisabled(userId, disabled));
  }

  private async view(user: UserRecord): Promise<AdminUserDto> {
    const [subscription, credits] = await Promise.all([
      this.users.subscriptionOf(user.id),
      this.credits.summary(user.id, 0),
    ]);
    return {
      id: user.id,
      email: user.email,
      isAdmin: user.isAdmin,
      disabledAt: user.disabledAt?.toISOString() ?? null,
      subscription: subscription
        ? {
            status: subscription.status,
            currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
          }
        : null,
      credits: credits.balance,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
