/** The idempotency module's public API: the decorator controllers use and the scope services hold. */
export { IdempotencyModule } from './idempotency.module';
export { Idempotent } from './idempotent.decorator';
export { IdempotencyScope, type HeldClaim } from './idempotency-scope';
export { RequestKey } from './request-key.decorator';
export { type KeyedRow, type RowKeyOutcome, RowKeys } from './row-keys';
