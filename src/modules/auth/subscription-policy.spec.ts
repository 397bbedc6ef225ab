import { subscriptionStanding } from './subscription-policy';

const now = new Date('2026-01-01T00:00:00Z');

describe('subscriptionStanding', () => {
  it.each([
    ['no subscription', null, 'none'],
    ['trialing', { status: 'trialing', currentPeriodEnd: null }, 'allowed'],
    [
      'active, period ends later',
      { status: 'active', currentPeriodEnd: '2026-01-01T00:00:01Z' },
      'allowed',
    ],
    [
      'active, period ended now',
      { status: 'active', currentPeriodEnd: '2026-01-01T00:00:00Z' },
      'inactive',
    ],
    ['active, no period end', { status: 'active', currentPeriodEnd: null }, 'inactive'],
    ['expired', { status: 'expired', currentPeriodEnd: '2027-01-01T00:00:00Z' }, 'inactive'],
    ['canceled', { status: 'canceled', currentPeriodEnd: '2027-01-01T00:00:00Z' }, 'inactive'],
    ['past_due', { status: 'past_due', currentPeriodEnd: '2027-01-01T00:00:00Z' }, 'inactive'],
  ] as const)('%s → %s', (_case, subscription, expected) => {
    expect(subscriptionStanding(subscription, now)).toBe(expected);
  });
});
