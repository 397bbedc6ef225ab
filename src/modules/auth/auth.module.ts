import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SokuConfig } from '../../config/soku-config';
import { ApiKeysModule } from '../api-keys';
import { ProfilesModule } from '../profiles';
import { CallerResolver } from './caller-resolver';
import { FirstRunService } from './first-run.service';
import { SubscriptionEntity } from './entities/subscription.entity';
import { UserEntity } from './entities/user.entity';
import { ApiKeyGuard } from './guards/api-key.guard';
import { IdTokenGuard } from './guards/id-token.guard';
import { SubscriptionGuard } from './guards/subscription.guard';
import { IdTokenVerifier } from './id-token/id-token-verifier';
import { JwksController } from './id-token/jwks.controller';
import { LocalIssuer } from './id-token/local-issuer';
import { RemoteJwksVerifier } from './id-token/remote-jwks.verifier';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, SubscriptionEntity]),
    ApiKeysModule,
    ProfilesModule,
  ],
  controllers: [JwksController],
  providers: [
    UsersRepository,
    UsersService,
    FirstRunService,
    CallerResolver,
    {
      provide: IdTokenVerifier,
      inject: [SokuConfig],
      useFactory: (config: SokuConfig): IdTokenVerifier =>
        config.auth.external
          ? new RemoteJwksVerifier(config.auth.external, config.auth.idTokenMaxLifetimeSeconds)
          : new LocalIssuer(config.app.dataDir, config.auth.idTokenMaxLifetimeSeconds),
    },
    // Global guards run in this order: credentials first, then the subscription they unlock.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: IdTokenGuard },
    { provide: APP_GUARD, useClass: SubscriptionGuard },
  ],
  exports: [UsersService, IdTokenVerifier, FirstRunService, CallerResolver, ApiKeysModule],
})
export class AuthModule {}
