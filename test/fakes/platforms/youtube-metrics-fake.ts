import type { Received, Reply } from './recording-server';

/*
 * YT_LIST_DOCS: https://developers.google.com/youtube/v3/docs/videos/list
 *   "Parameters": part (required), id (comma-separated list); "Errors": 400 badRequest, 403 forbidden.
 * Statistics fields: https://developers.google.com/youtube/v3/docs/videos#statistics (strings).
 */

/** Deterministic statistics per video id, as Google sends them (unsigned longs as strings). */
export function youtubeStatistics(id: string): Record<string, string> {
  const seed = [...id].reduce((n, c) => n + c.charCodeAt(0), 0);
  return {
    viewCount: String(seed * 11),
    likeCount: String(seed % 97),
    favoriteCount: '0',
    commentCount: String(seed % 13),
  };
}

const googleError = (code: number, reason: string, message: string): Reply => ({
  status: code,
  json: { error: { code, message, errors: [{ message, domain: 'youtube.parameter', reason }] } },
});

/** `GET /youtube/v3/videos`: videos.list over the videos the fake has (their ids). */
export function youtubeVideosList(req: Received, known: Set<string>): Reply {
  const part = (req.query.get('part') ?? '').split(',');
  const ids = (req.query.get('id') ?? '').split(',').filter(Boolean);
  // `part` is required (YT_LIST_DOCS, "Required parameters").
  if (!part.includes('statistics') && !part.includes('snippet') && !part.includes('status')) {
    return googleError(
      400,
      'missingRequiredParameter',
      'No filter selected. Expected one of: part',
    );
  }
  // At most 50 ids per request (YT_LIST_DOCS, "id" and "maxResults": 0 to 50).
  if (ids.length === 0 || ids.length > 50) {
    return googleError(400, 'badRequest', 'The request specifies an invalid filter parameter.');
  }
  // Ids not found are omitted from items (YT_LIST_DOCS, "Response").
  const items = ids
    .filter((id) => known.has(id))
    .map((id) => ({
      kind: 'youtube#video',
      etag: `etag-${id}`,
      id,
      ...(part.includes('statistics') ? { statistics: youtubeStatistics(id) } : {}),
    }));
  return {
    status: 200,
    json: {
      kind: 'youtube#videoListResponse',
      etag: 'list-etag',
      items,
      pageInfo: { totalResults: items.length, resultsPerPage: items.length },
    },
  };
}
