import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SokuConfig } from '../../../config/soku-config';
import { PartPublisher, type PartRequest } from '../part-publisher';
import { PublishError, type PublishResult } from '../platform-connector';
import { delayOf } from '../sandbox.connector';

/** `#sandbox-fail-part` in a part's text fails that part every time, to try `partial` runs. */
const FAIL_PART_MARKER = '#sandbox-fail-part';

/**
 * Sandbox accounts' parts, recorded in `sandbox_parts` keyed by (run, position) with the ids of
 * the media they carry; the look-up
 * after a lost answer finds the record, as a platform's would.
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
    // `#sandbox-delay-<ms>` slows a part as it slows a post: to watch parts in flight.
    const delayMs = delayOf(request.text);
    if (delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    if (request.text.includes(FAIL_PART_MARKER)) {
      throw new PublishError(
        'permanent',
        'sandbox_failure',
        'Sandbox failure requested by a #sandbox-fail-part marker',
      );
    }
    // A second send of a part is counted, not recorded again: tests prove it never happens.
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO sandbox_parts (run_id, position, kind, reply_to_id, text, media_ids)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (run_id, position) DO UPDATE SET sends = sandbox_parts.sends + 1
       RETURNING id`,
      [
        request.runId,
        request.position,
        request.kind,
        request.replyToId,
        request.text,
        (request.media ?? []).map((media) => media.id),
      ],
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
