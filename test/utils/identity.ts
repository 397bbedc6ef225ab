import { ApiKeysService } from '../../src/modules/api-keys/api-keys.service';
import type { SubscriptionStatus } from '../../src/modules/auth/subscription-status';
import { IdTokenVerifier } from '../../src/modules/auth/id-token/id-token-verifier';
import { LocalIssuer } from '../../src/modules/auth/id-token/local-issuer';
import { UsersService } from '../../src/modules/auth/users.service';
import type { TestApp } from './test-app';

export interface TestUser {
  userId: string;
  email: string;
  apiKey: string;
  /** A one-hour token from the local issuer (apps without an external issuer). */
  idToken: string;
}

let counter = 0;

/** A user with a subscription and one API key, made through the app's own services. */
export async function createUser(
  t: TestApp,
  opts: { subscription?: SubscriptionStatus | 'none'; periodEnd?: Date; admin?: boolean } = {},
): Promise<TestUser> {
  const users = t.app.get(UsersService);
  const email = `user${++counter}-${Date.now()}@example.test`;
  const user = await users.createLocal(email, opts.admin ?? false);
  const status = opts.subscription ?? 'active';
  if (status !== 'none') {
    const periodEnd = opts.periodEnd ?? new Date(Date.now() + 30 * 86_400_000);
    await users.setSubscription(user.id, status, periodEnd);
  }
  const { apiKey } = await t.app.get(ApiKeysService).create(user.id, 'test');
  const issuer = t.app.get(IdTokenVerifier);
  const idToken = issuer instanceof LocalIssuer ? await issuer.mint(user.authSubject, email) : '';
  return { userId: user.id, email, apiKey, idToken };
}
