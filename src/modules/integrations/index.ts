/** The integrations module's public API: connected accounts, for admin, publishing and the CLI. */
export { IntegrationsModule } from './integrations.module';
export { IntegrationsService } from './integrations.service';
export { AccountDirectory } from './account-directory';
export type { ConnectedAccount, PublishCredentials, RefreshResult } from './connected-account';
export { GivenTokenService, givenTokenFrom } from './given-token.service';
export { IntegrationDto, IntegrationListDto } from './dto/integration.dto';
export { ACCOUNT_ID_PATTERN, AddIntegrationWithTokenDto } from './dto/integration-requests.dto';
export { IntegrationNotFoundError } from './integrations.errors';
