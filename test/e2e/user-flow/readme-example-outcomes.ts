import type { PostAnswer, SokuCaller } from '../../utils/soku-answers';
import type { PostContent, SentPost } from './readme-example-inputs';

/** "X replies", "Threads replies": where thread parts are replies (Threads and first comments). */
const THREAD_PLATFORMS = ['x', 'threads'];

const mediaCount = (content: PostContent) =>
  (content.imageUrls?.length ?? 0) +
  (content.mediaIds?.length ?? 0) +
  (content.mediaUrls?.length ?? 0) +
  (content.videoUrl ? 1 : 0);

const namesMedia = (content: PostContent) =>
  ['imageUrls', 'videoUrl', 'mediaIds', 'mediaUrls'].some((field) => field in content);

/** What each platform's run should have published of the body sent: its override, then parts. */
function expectedFor(platform: string, content: PostContent) {
  const override = content.platformOverrides?.[platform] ?? {};
  const threads = THREAD_PLATFORMS.includes(platform);
  const asParts = threads || content.threadFallback === 'first_comment';
  const parts = [
    ...(asParts ? (content.thread ?? []) : []).map(() => (threads ? 'thread' : 'comment')),
    ...(content.firstComment ? ['comment'] : []),
  ];
  return {
    text: override.text ?? content.text,
    media: mediaCount(namesMedia(override) ? override : content),
    parts: parts.map((kind) => ({ kind, status: 'succeeded' })),
  };
}

/**
 * Each run of a post published from a README body recorded what that body says for its platform
 * (the override's text and media), with a part for each thread part and the first comment.
 */
export async function expectRecorded(
  soku: SokuCaller,
  post: PostAnswer,
  sent?: SentPost,
): Promise<void> {
  const content = sent?.post?.content;
  if (!content) {
    return;
  }
  for (const run of post.runs) {
    // A part's URL is its post's page (`#part-<n>`), which shows the post alone.
    const parts = (run.parts ?? []).map((part) => ({ kind: part.kind, status: part.status }));
    const published = { ...(await soku.recorded(run.url!)), parts };
    expect([run.platform, published]).toEqual([run.platform, expectedFor(run.platform, content)]);
  }
}

/** A run of an automation, as GET /v1/automations/:id/runs lists it. */
export interface AutomationRun {
  status: string;
  submissionId: string;
  originSubmissionId: string;
  originRunId: string;
}

/** A repost published its `textTemplate` filled from the run it came from. */
export async function expectReposted(
  soku: SokuCaller,
  run: AutomationRun,
  action: { type: string; textTemplate?: string },
): Promise<void> {
  if (action.type !== 'repost' || !action.textTemplate) {
    return;
  }
  const from = (await soku.get(`/v1/posts/${run.originSubmissionId}`))
    .body as unknown as PostAnswer;
  const source = from.runs.find((each) => each.id === run.originRunId)!;
  const text = action.textTemplate
    .replaceAll('{{text}}', from.content.text as string)
    .replaceAll('{{platform}}', source.platform)
    .replaceAll('{{url}}', source.url!);
  const derived = (await soku.get(`/v1/posts/${run.submissionId}`)).body as unknown as PostAnswer;
  for (const published of derived.runs) {
    expect((await soku.recorded(published.url!)).text).toBe(text);
  }
}
