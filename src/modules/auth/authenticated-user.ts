import type { SubscriptionStatus } from './entities/subscription.entity';

/** Who is calling, as the guards established it. */
export interface AuthenticatedUser {
  userId: string;
  /** The API key used, or null for an ID-token call. */
  apiKeyId: string | null;
  isAdmin: boolean;
}

/** A user's standing, cached per user and checked by the subscription guard. */
export interface UserAccess {
  userId: string;
  isAdmin: boolean;
  disabled: boolean;
  subscription: { status: SubscriptionStatus; currentPeriodEnd: string | null } | null;
}
