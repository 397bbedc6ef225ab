/** Integrations' public API. */
export { AccountDirectory } from './account-directory';
export type { ConnectedAccount, PublishCredentials, RefreshResult } from './connected-account';
export { IntegrationsModule } from './integrations.module';
export { IntegrationsService } from './integrations.service';
