import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type MetricsReadRequest,
  PostMetricsReader,
  type PostMetricsResult,
} from './post-metrics-reader';

const HOUR_MS = 3_600_000;

/**
 * Sandbox accounts' metrics: plausible and deterministic, a function of the run id (how well the
 * post "does") and its age (audiences grow fast, then level off over about two days), so the whole
 * path publish → collector → API is testable and repeatable.
 */
@Injectable()
export class SandboxMetricsReader extends PostMetricsReader {
  readonly platform = 'sandbox';
  readonly batchSize = 100;

  read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    return Promise.resolve(
      request.posts.map((post) => {
        const ageMs = Math.max(0, Date.now() - post.publishedAt.getTime());
        return {
          runId: post.runId,
          status: 'read',
          ...sandboxFigures(post.runId, ageMs),
        };
      }),
    );
  }
}

/** The figures of a sandbox post `ageMs` after publishing, and the same as its raw fields. */
export function sandboxFigures(
  runId: string,
  ageMs: number,
): { figures: Record<string, number>; raw: Record<string, unknown> } {
  const seed = createHash('sha256').update(runId).digest().readUInt32BE(0);
  const reach = 200 + (seed % 4800);
  const grown = 1 - Math.exp(-ageMs / (12 * HOUR_MS));
  const impressions = Math.round(reach * grown);
  const figures = {
    impressions,
    views: Math.round(impressions * 0.6),
    likes: Math.round(impressions * (0.02 + (seed % 5) / 100)),
    comments: Math.round(impressions * 0.004),
    shares: Math.round(impressions * 0.003),
    saves: Math.round(impressions * 0.002),
    clicks: Math.round(impressions * 0.01),
  };
  return { figures, raw: { sandbox: true, ageHours: Math.floor(ageMs / HOUR_MS), ...figures } };
}
