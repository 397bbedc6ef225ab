import { randomInt } from 'node:crypto';
import type { FakeReply } from './platform-server';

/*
 * META_DOCS: the documentation pages the Meta fakes encode, cited beside each check by name.
 *   errors                 https://developers.facebook.com/docs/graph-api/guides/error-handling
 *   igErrors               https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
 *   igContainer            https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
 *   igPublishing           https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/content-publishing
 *   threadsPosts           https://developers.facebook.com/documentation/threads/posts
 *   threadsTroubleshooting https://developers.facebook.com/docs/threads/troubleshooting
 *   pagesPosts             https://developers.facebook.com/docs/pages-api/posts
 */

/** A published object: an Instagram media, a Threads post, a Page post, photo or video. */
export interface GraphPost {
  id: string;
  owner: string;
  /** Instagram `caption`, Threads `text`, Facebook `message` or video `description`. */
  text: string;
  kind: string;
  media: string[];
  permalink: string;
  createdAt: string;
  /** A Threads reply: the media id it answers (see fake-threads-replies.ts). */
  repliedTo?: string;
}

/**
 * Meta's error envelope `{"error":{message,type,code,error_subcode,fbtrace_id}}`
 * (META_DOCS.errors, "Error Responses").
 */
export const graphError = (
  status: number,
  code: number,
  message: string,
  subcode?: number,
  extra: object = {},
): FakeReply => ({
  status,
  body: {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(subcode ? { error_subcode: subcode } : {}),
      fbtrace_id: 'AbCdEf',
      ...extra,
    },
  },
});

export const newId = () => `17${randomInt(10 ** 9, 10 ** 10 - 1)}${randomInt(10 ** 5)}`;

/** Meta's time format: `2026-11-29T18:00:00+0000`. */
export const graphTime = (date = new Date()) => date.toISOString().replace(/\.\d{3}Z$/, '+0000');
