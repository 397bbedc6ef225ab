import { Injectable } from '@nestjs/common';
import { RunPartsRepository } from './run-parts.repository';

/** What other modules may know of a run's parts: for taking a published post down with them. */
@Injectable()
export class PublishedParts {
  constructor(private readonly parts: RunPartsRepository) {}

  /** The platform ids of the run's published parts, last first (the order to delete them in). */
  platformIdsOf(userId: string, runId: string): Promise<string[]> {
    return this.parts.publishedPartIds(userId, runId);
  }
}
