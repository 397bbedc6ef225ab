import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { SokuConfig } from './soku-config';

/** The root logger's DI token. */
export abstract class AppLogger {}

/** Makes the validated config and the root logger injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: SokuConfig, logger: Logger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: SokuConfig, useValue: config },
        { provide: AppLogger, useValue: logger },
      ],
      exports: [SokuConfig, AppLogger],
    };
  }
}
