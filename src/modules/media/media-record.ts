import type { MediaEntity } from './entities/media.entity';

/** A media record as other modules see it: read-only fields, not the TypeORM entity. */
export type MediaRecord = Readonly<MediaEntity>;
