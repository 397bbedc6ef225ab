import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyScope } from './idempotency-scope';
import { IdempotencyService } from './idempotency.service';
import { IdempotencySweeper } from './idempotency.sweeper';
import { RowKeys } from './row-keys';
import { RowKeysRepository } from './row-keys.repository';

/**
 * Idempotency keys. A module whose controllers use @Idempotent() imports this one: the
 * interceptor is built in that module and needs the service and scope exported here.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKeyEntity])],
  providers: [
    IdempotencyRepository,
    IdempotencyService,
    IdempotencyInterceptor,
    IdempotencyScope,
    IdempotencySweeper,
    RowKeysRepository,
    RowKeys,
  ],
  exports: [IdempotencyService, IdempotencyInterceptor, IdempotencyScope, RowKeys],
})
export class IdempotencyModule {}
