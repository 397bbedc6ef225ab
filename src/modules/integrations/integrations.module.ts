import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SokuConfig } from '../../config/soku-config';
import { AccountImporter } from './account-importer';
import { AccountLinker } from './account-linker';
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
import { TokenRefreshScheduler } from './token-refresh.scheduler';
import { TokenRefresher } from './token-refresher';
import { loadKeyring } from './vault/encryption-keys';
import { TokenVault } from './vault/token-vault';

@Module({
  imports: [TypeOrmModule.forFeature([IntegrationEntity, OAuthStateEntity])],
  controllers: [IntegrationsController, OAuthCallbackController],
  providers: [
    {
      provide: TokenVault,
      inject: [SokuConfig],
      useFactory: (config: SokuConfig) =>
        new TokenVault(loadKeyring(config.integrations, config.app.dataDir)),
    },
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
  ],
  exports: [IntegrationsService, GivenTokenService],
})
export class IntegrationsModule {}
