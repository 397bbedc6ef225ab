import { Global, Module } from '@nestjs/common';
import { SokuConfig } from '../../config/soku-config';
import { loadKeyring } from './encryption-keys';
import { TokenVault } from './token-vault';

/** One vault for every secret at rest: platform tokens and webhook signing secrets. */
@Global()
@Module({
  providers: [
    {
      provide: TokenVault,
      inject: [SokuConfig],
      useFactory: (config: SokuConfig) =>
        new TokenVault(loadKeyring(config.integrations, config.app.dataDir)),
    },
  ],
  exports: [TokenVault],
})
export class VaultModule {}
