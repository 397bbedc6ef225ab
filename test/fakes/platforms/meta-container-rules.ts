import { graphError } from './meta-graph-shared';
import type { FakeReply } from './platform-server';

/** Threads: "Text posts are limited to 500 characters … Emojis are counted as the number of UTF-8 bytes." */
function threadsTextLength(text: string): number {
  let length = 0;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)) {
    const emoji = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(segment);
    length += emoji ? Buffer.byteLength(segment) : [...segment].length;
  }
  return length;
}

/**
 * What Instagram and Threads refuse when a container is created, with the answer they give;
 * undefined when the container may be made.
 */
export async function refuseContainer(
  family: 'instagram' | 'threads',
  f: Record<string, string>,
  itemFields: (id: string) => Record<string, string> | undefined,
  fetchMedia: (url: string) => Promise<{ ok: boolean; type: string | null }>,
): Promise<FakeReply | undefined> {
  const type = f.media_type ?? (family === 'instagram' ? 'IMAGE' : '');
  if (type === 'CAROUSEL') {
    const children = (f.children ?? '').split(',').filter(Boolean);
    // Carousels: up to 10 items on Instagram (META_DOCS.igPublishing, "Carousel posts"), 20 on
    // Threads (META_DOCS.threadsPosts, "Carousel posts"), each made with is_carousel_item.
    const max = family === 'instagram' ? 10 : 20;
    if (
      children.length < 2 ||
      children.length > max ||
      children.some((c) => itemFields(c)?.is_carousel_item !== 'true')
    ) {
      return graphError(400, 9004, 'The carousel is invalid.', 2207028);
    }
  } else if (family === 'threads' && type === 'TEXT') {
    // "text … Required for media_type=TEXT" (META_DOCS.threadsPosts, "Step 1", parameters).
    if (!f.text) {
      return graphError(400, 100, 'The parameter text is required.');
    }
  } else {
    const url = f.image_url ?? f.video_url;
    const video = ['VIDEO', 'REELS'].includes(type);
    // image_url for IMAGE, video_url for VIDEO / REELS (same pages, parameters).
    if (!url || (video ? !f.video_url : !f.image_url)) {
      return graphError(400, 100, 'The parameter image_url or video_url is required.');
    }
    if (family === 'instagram' && !video && !f.is_carousel_item && type !== 'IMAGE') {
      return graphError(400, 100, 'Invalid parameter media_type.');
    }
    // Meta cURLs the media from a public server (same pages: "must be on a public server").
    const fetched = await fetchMedia(url);
    if (!fetched.ok) {
      return graphError(400, 9004, 'The media could not be fetched from this URI.', 2207052);
    }
    // "JPEG is the only image format supported" (META_DOCS.igPublishing, "Limitations").
    if (family === 'instagram' && !video && fetched.type !== 'image/jpeg') {
      return graphError(400, 9004, 'Only photo or video can be accepted as media type.', 2207005);
    }
  }
  const text = f.caption ?? f.text ?? '';
  // Captions: 2,200 characters (META_DOCS.igPublishing, "Limitations").
  if (family === 'instagram' && [...text].length > 2200) {
    return graphError(400, 100, 'The caption is too long.', 2207010);
  }
  // META_DOCS.threadsPosts, "Limitations": 500 characters, emoji by UTF-8 bytes. The refusal's
  // body is not documented; this is the message publishers report.
  if (family === 'threads' && threadsTextLength(text) > 500) {
    return graphError(400, 100, 'text must be at most 500 characters');
  }
  return undefined;
}
