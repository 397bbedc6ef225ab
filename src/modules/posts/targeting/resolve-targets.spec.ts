import type { ConnectedAccount } from '../../integrations';
import type { TargetRequest } from './parse-targets';
import { resolveTargets } from './resolve-targets';

const account = (
  platform: ConnectedAccount['platform'],
  accountId: string,
  extra: Partial<ConnectedAccount> = {},
): ConnectedAccount => ({
  id: `${platform}-${accountId}-uuid`,
  profileId: 'profile-1',
  platform,
  accountId,
  displayName: null,
  status: 'connected',
  sandbox: true,
  ...extra,
});
const req = (
  platform: TargetRequest['platform'],
  accountId?: string,
  targetId?: string,
): TargetRequest => ({
  platform,
  accountId,
  targetId,
  field: 'f',
});

describe('resolveTargets', () => {
  const accounts = [
    account('x', 'x_main'),
    account('instagram', 'ig_personal'),
    account('instagram', 'ig_business'),
  ];

  it('should resolve a platform with one account by name alone', () => {
    const { targets, missing } = resolveTargets([req('x')], accounts);
    expect(missing).toEqual([]);
    expect(targets).toEqual([
      {
        platform: 'x',
        accountId: 'x_main',
        integrationId: 'x-x_main-uuid',
        sandbox: true,
        targetId: 'x:x_main',
        field: 'f',
      },
    ]);
  });

  it('should require accountId when the platform has several accounts', () => {
    expect(resolveTargets([req('instagram')], accounts).missing[0].reason).toBe('account_required');
    expect(resolveTargets([req('instagram', 'ig_business')], accounts).targets[0].accountId).toBe(
      'ig_business',
    );
  });

  it('should report unconnected platforms and unknown accounts, every one', () => {
    const { missing } = resolveTargets(
      [req('tiktok'), req('instagram', 'nope'), req('x')],
      accounts,
    );
    expect(missing.map((m) => m.reason)).toEqual(['not_connected', 'account_not_found']);
  });

  it('should report an account that needs reauthorisation', () => {
    const { missing } = resolveTargets(
      [req('x')],
      [account('x', 'x_main', { status: 'needs_reauth' })],
    );
    expect(missing).toEqual([
      expect.objectContaining({ reason: 'needs_reauth', accountId: 'x_main' }),
    ]);
  });

  it('should collapse duplicate targets and honour explicit targetIds', () => {
    const { targets } = resolveTargets(
      [req('x'), req('x', 'x_main'), req('x', undefined, 'second')],
      accounts,
    );
    expect(targets.map((t) => t.targetId)).toEqual(['x:x_main', 'second']);
  });
});
