import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SokuConfig } from '../../../config/soku-config';
import { PartPublisher, type PartRequest } from '../part-publisher';
import { PublishError, type PublishResult } from '../platform-connector';

/** `#sandbox-fail-part` in a part's text fails that part every time, to try `partial` runs. */
const FAIL_PART_MARKER = '#sandbox-fail-part';

/**
 * Sandbox accounts' parts, recorded in `sandbox_parts` keyed by (run, position): publishing a
 * part twice finds the first record, as a platform's look-up would.
 */
@Injectable()
export class SandboxPartPublisher extends PartPublisher {
  readonly platform = 'sandbox';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: SokuConfig,
  ) {
    super();
  }

  async publishPart(request: PartRequest): Promise<PublishResult> {
    if (request.text.includes(FAIL_PART_MARKER)) {
      throw new PublishError(
        'permanent',
        'sandbox_failure',
        'Sandbox failure requested by a #sandbox-fail-part marker',
      );
    }
    const [row]: { id: string }[] = await this.db.query(
      `WITH inserted AS (
         INSERT INTO sandbox_parts (run_id, position, kind, reply_to_id, text)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id, position) DO NOTHING RETURNING id)
       SELECT id FROM inserted
       UNION ALL
       SELECT id FROM sandbox_parts WHERE run_id = $1 AND position = $2
         AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [request.runId, request.position, request.kind, request.replyToId, request.text],
    );
    return this.resultOf(request, row.id);
  }

  async findPart(request: PartRequest): Promise<PublishResult | null> {
    const [row]: { id: string }[] = await this.db.query(
      `SELECT id FROM sandbox_parts WHERE run_id = $1 AND position = $2`,
      [request.runId, request.position],
    );
    return row ? this.resultOf(request, row.id) : null;
  }

  private resultOf(request: PartRequest, id: string): PublishResult {
    return {
      platformPostId: id,
      url: `${this.config.app.publicUrl}/sandbox/${request.platform}/${request.postId}#part-${request.position}`,
    };
  }
}
