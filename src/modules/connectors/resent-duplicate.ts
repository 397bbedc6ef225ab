import { PublishError, type PublishResult } from './platform-connector';

/**
 * A resend after an unanswered publish call that the platform refuses as a duplicate (X's 403
 * "duplicate content", Facebook's 506): the first send went out, so the post is looked for and
 * its id kept instead of failing the run. Any other error, or a duplicate with no earlier send,
 * is rethrown as it is.
 */
export async function findResentDuplicate(
  error: unknown,
  sentBefore: string | undefined,
  find: () => Promise<PublishResult | null | undefined>,
  where: string,
): Promise<PublishResult> {
  if (!sentBefore || !(error instanceof PublishError) || error.code !== 'duplicate_content') {
    throw error;
  }
  const found = await find();
  if (found) {
    return found;
  }
  throw new PublishError(
    'permanent',
    'duplicate_content',
    `${error.message} (an earlier attempt got no answer; its post is not among ${where})`,
  );
}
