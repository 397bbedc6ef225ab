import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { SokuConfig } from './soku-config';

/** DI token of the root pino logger: `@Inject(APP_LOGGER) logger: Logger`. */
export const APP_LOGGER = Symbol('AppLogger');

/** Makes the validated config and the root logger injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: SokuConfig, logger: Logger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: SokuConfig, useValue: config },
        { provide: APP_LOGGER, useValue: logger },
      ],
      exports: [SokuConfig, APP_LOGGER],
    };
  }
}
