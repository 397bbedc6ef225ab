import type { UserEntity } from './entities/user.entity';

/** A user as other modules see it: read-only fields, not the TypeORM entity. */
export type UserRecord = Readonly<UserEntity>;
