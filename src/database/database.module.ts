import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SokuConfig } from '../config/soku-config';
import { runMigrationsLocked } from './run-migrations';
import { typeOrmOptions } from './typeorm-options';

@Module({})
export class DatabaseModule {
  static forRoot(config: SokuConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...typeOrmOptions(config),
            autoLoadEntities: true,
            retryAttempts: 3,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (config.database.migrationsRun) {
              await runMigrationsLocked(dataSource);
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
