import type { UserAccess } from './user-access';

export type SubscriptionStanding = 'allowed' | 'none' | 'inactive';

/**
 * The v1 rule: `trialing` is allowed; `active` is allowed while `currentPeriodEnd` is in the
 * future. Evaluated on every request, so a cached standing still expires on the second.
 */
export function subscriptionStanding(
  subscription: UserAccess['subscription'],
  now: Date = new Date(),
): SubscriptionStanding {
  if (!subscription) {
    return 'none';
  }
  if (subscription.status === 'trialing') {
    return 'allowed';
  }
  if (
    subscription.status === 'active' &&
    subscription.currentPeriodEnd !== null &&
    new Date(subscription.currentPeriodEnd).getTime() > now.getTime()
  ) {
    return 'allowed';
  }
  return 'inactive';
}
