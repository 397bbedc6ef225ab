import type { Platform } from '../../../common/platforms';
import type { ConnectedAccount } from '../../integrations';
import type { TargetRequest } from './parse-targets';

export interface ResolvedTarget {
  platform: Platform;
  accountId: string;
  integrationId: string;
  sandbox: boolean;
  targetId: string;
  field: string;
}

export type MissingReason =
  'not_connected' | 'account_not_found' | 'account_required' | 'needs_reauth';

/** One target that cannot be published to, for the `missing_integrations` details. */
export interface MissingTarget {
  field: string;
  platform: Platform;
  accountId?: string;
  reason: MissingReason;
  message: string;
}

/**
 * The v1 account-selection rules: a platform with one account may be named alone; with several,
 * `accountId` is required; `targetId` defaults to `{platform}:{accountId}`, and targets with the
 * same `targetId` collapse into one.
 */
export function resolveTargets(
  requests: TargetRequest[],
  accounts: ConnectedAccount[],
): { targets: ResolvedTarget[]; missing: MissingTarget[] } {
  const targets = new Map<string, ResolvedTarget>();
  const missing: MissingTarget[] = [];
  for (const request of requests) {
    const onPlatform = accounts.filter(
      (a) => a.platform === request.platform && a.status !== 'disconnected',
    );
    const found = pick(request, onPlatform);
    if ('reason' in found) {
      missing.push(found);
      continue;
    }
    const targetId = request.targetId ?? `${request.platform}:${found.accountId}`;
    if (!targets.has(targetId)) {
      targets.set(targetId, {
        platform: request.platform,
        accountId: found.accountId,
        integrationId: found.id,
        sandbox: found.sandbox,
        targetId,
        field: request.field,
      });
    }
  }
  return { targets: [...targets.values()], missing };
}

function pick(
  request: TargetRequest,
  accounts: ConnectedAccount[],
): ConnectedAccount | MissingTarget {
  const base = { field: request.field, platform: request.platform, accountId: request.accountId };
  if (accounts.length === 0) {
    return {
      ...base,
      reason: 'not_connected',
      message: `No ${request.platform} account is connected`,
    };
  }
  let account: ConnectedAccount | undefined;
  if (request.accountId !== undefined) {
    account = accounts.find((a) => a.accountId === request.accountId);
    if (!account) {
      return {
        ...base,
        reason: 'account_not_found',
        message: `No ${request.platform} account "${request.accountId}"; connected: ${accounts.map((a) => a.accountId).join(', ')}`,
      };
    }
  } else if (accounts.length > 1) {
    return {
      ...base,
      reason: 'account_required',
      message: `You have ${accounts.length} ${request.platform} accounts; name one with accountId (${accounts.map((a) => a.accountId).join(', ')})`,
    };
  } else {
    account = accounts[0];
  }
  if (account.status === 'needs_reauth') {
    return {
      ...base,
      accountId: account.accountId,
      reason: 'needs_reauth',
      message: `The ${request.platform} account "${account.accountId}" must be reconnected`,
    };
  }
  return account;
}
