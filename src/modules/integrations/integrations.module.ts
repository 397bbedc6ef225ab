import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProfilesModule } from '../profiles';
import { AccountDirectory } from './account-directory';
import { AccountImporter } from './account-importer';
import { AccountLinker } from './account-linker';
import { AccountsCache } from './accounts-cache';
import { GivenTokenService } from './given-token.service';
import { IntegrationEntity } from './entities/integration.entity';
import { OAuthStateEntity } from './entities/oauth-state.entity';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';
import { OAuthCallbackController } from './oauth-callback.controller';
import { OAuthConnectService } from './oauth-connect.service';
import { OAuthStatesRepository } from './oauth-states.repository';
import { OAuthProviders } from './oauth/oauth-providers';
import { ProfileAccountsDeletionStep } from './profile-accounts.deletion-step';
import { TokenRefreshScheduler } from './token-refresh.scheduler';
import { TokenRefresher } from './token-refresher';

@Module({
  imports: [TypeOrmModule.forFeature([IntegrationEntity, OAuthStateEntity]), ProfilesModule],
  controllers: [IntegrationsController, OAuthCallbackController],
  providers: [
    AccountsCache,
    IntegrationsRepository,
    OAuthStatesRepository,
    OAuthProviders,
    AccountLinker,
    AccountImporter,
    GivenTokenService,
    TokenRefresher,
    TokenRefreshScheduler,
    OAuthConnectService,
    IntegrationsService,
    ProfileAccountsDeletionStep,
    // The port posts, publishing and automations inject; the service implements it.
    { provide: AccountDirectory, useExisting: IntegrationsService },
  ],
  exports: [IntegrationsService, GivenTokenService, AccountDirectory],
})
export class IntegrationsModule {}
