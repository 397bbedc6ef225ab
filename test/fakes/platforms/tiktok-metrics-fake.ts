import type { Received, Reply } from './recording-server';

/*
 * TT_QUERY_DOCS: https://developers.tiktok.com/doc/tiktok-api-v2-video-query
 *   query `fields` (required), body `filters.video_ids` (1 to 20 ids), scope `video.list`.
 */
const FIELDS = new Set(['id', 'view_count', 'like_count', 'comment_count', 'share_count']);

/** Deterministic counts per video id. */
export function tiktokVideoCounts(id: string): Record<string, number> {
  const seed = Number(id.slice(-5)) || 11;
  return {
    view_count: seed * 17,
    like_count: seed % 211,
    comment_count: seed % 19,
    share_count: seed % 7,
  };
}

const reply = (status: number, code: string, message: string, data: object = {}): Reply => ({
  status,
  json: { data, error: { code, message, log_id: '20261207000000LOG' } },
});

/** `POST /v2/video/query/` over the videos the fake knows. */
export function tiktokVideoQuery(req: Received, known: Set<string>, scoped: boolean): Reply {
  // The token needs the video.list scope (TT_QUERY_DOCS, "Scopes").
  if (!scoped) {
    return reply(
      401,
      'scope_not_authorized',
      'The user did not authorize the scope required for completing this request.',
    );
  }
  const fields = (req.query.get('fields') ?? '').split(',').filter(Boolean);
  const ids = asIds(asObject(req.json?.filters).video_ids);
  // fields required and known; 1 to 20 video ids (TT_QUERY_DOCS, "Request").
  if (fields.length === 0 || fields.some((f) => !FIELDS.has(f)) || !ids || ids.length > 20) {
    return reply(400, 'invalid_params', 'The request parameters are invalid.');
  }
  const videos = ids
    .filter((id) => known.has(id))
    .map((id) => {
      const counts = tiktokVideoCounts(id);
      return Object.fromEntries(
        fields.map((field) => [field, field === 'id' ? id : counts[field]]),
      );
    });
  return reply(200, 'ok', '', { videos, cursor: 0, has_more: false });
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function asIds(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')
    ? value
    : undefined;
}
