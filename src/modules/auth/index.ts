/** The auth module's public API: what other modules, the CLI and the app may import. */
export { AuthModule } from './auth.module';
export { UsersService } from './users.service';
export { FirstRunService, DEMO_EMAIL, type DemoUser } from './first-run.service';
export { CallerResolver, type Caller } from './caller-resolver';
export { IdTokenVerifier, type VerifiedIdentity } from './id-token/id-token-verifier';
export { LocalIssuer } from './id-token/local-issuer';
export * from './auth.errors';
export type { AuthRequest } from './auth-request';
export type { UserAccess } from './user-access';
export type { UserRecord } from './user-record';
export { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from './subscription-status';
export { subscriptionStanding } from './subscription-policy';
export { DASHBOARD_COOKIE, QUEUE_DASHBOARD_PATH } from './dashboard-session';
// How a route declares its authentication sits in common (below every module, api-keys included);
// controllers take it from here, next to the guards that enforce it.
export { ApiKeyAuth } from '../../common/auth/api-key-auth.decorator';
export { IdTokenAuth } from '../../common/auth/id-token-auth.decorator';
export { CurrentUser } from '../../common/auth/current-user.decorator';
export type { AuthenticatedUser } from '../../common/auth/route-auth';
