import type { SubscriptionStatus } from './subscription-status';

/** A user's standing, cached per user and checked by the subscription guard. */
export interface UserAccess {
  userId: string;
  isAdmin: boolean;
  disabled: boolean;
  subscription: { status: SubscriptionStatus; currentPeriodEnd: string | null } | null;
}
