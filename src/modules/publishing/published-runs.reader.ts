import { Injectable } from '@nestjs/common';
import {
  type PublishedCursor,
  type PublishedRun,
  PublishedRunsRepository,
} from './published-runs.repository';

/** Publishing's read-only view of published runs, for analytics' collector. */
@Injectable()
export class PublishedRunsReader {
  constructor(private readonly runs: PublishedRunsRepository) {}

  /** The runs published after `cursor`, oldest first, at most `limit`. */
  after(cursor: PublishedCursor, limit: number): Promise<PublishedRun[]> {
    return this.runs.after(cursor, limit);
  }
}
