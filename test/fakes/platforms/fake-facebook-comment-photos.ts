import type { FakeMetaGraph } from './fake-meta-graph';
import { graphError } from './meta-graph-shared';
import type { FakeReply, ReceivedCall } from './platform-server';

/*
 * fbEdge https://developers.facebook.com/docs/graph-api/reference/object/comments ("Publishing"):
 * besides `message`, a comment may carry one attachment: attachment_id (an unpublished photo),
 * attachment_share_url (a GIF), attachment_url (an image Facebook fetches) or source (the photo's
 * bytes). Refusals are Graph's invalid-parameter answer, code 100
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling, "Error Codes").
 */

const ATTACHMENT_FIELDS = ['attachment_id', 'attachment_share_url', 'attachment_url', 'source'];

/** The image types Facebook shows as a photo (Pages API photos, as the Page post fake takes them). */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

/**
 * The photo of a Facebook comment: the URL it shows (none without an attachment), or the refusal
 * Facebook answers. `attachment_url` is fetched as Meta's crawler does and must answer an image.
 */
export async function facebookCommentPhoto(
  fake: FakeMetaGraph,
  call: ReceivedCall,
): Promise<{ media: string[] } | FakeReply> {
  const given = ATTACHMENT_FIELDS.filter((field) => call.fields[field] !== undefined);
  // fbEdge "Publishing": one attachment per comment.
  if (given.length > 1) {
    return graphError(400, 100, `(#100) Only one of ${given.join(', ')} may be given`);
  }
  const url = call.fields.attachment_url;
  if (url === undefined) {
    return { media: [] };
  }
  // fbEdge "Publishing": attachment_url is an image Facebook fetches itself.
  const fetched = await fake.fetchMedia(url);
  if (!fetched.ok || !PHOTO_TYPES.includes(fetched.type ?? '')) {
    return graphError(400, 100, '(#100) attachment_url must be the URL of an image');
  }
  return { media: [url] };
}
