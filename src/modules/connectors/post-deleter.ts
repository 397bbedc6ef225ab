import type { Platform } from '../../common/platforms';

/** What deleting one published object needs: its platform id and the account's credentials. */
export interface DeleteRequest {
  platformPostId: string;
  accessToken: string | null;
  metadata: Record<string, unknown>;
}

/** `already_gone`: the platform answered that the object does not exist (deleted before). */
export type DeleteOutcome = 'deleted' | 'already_gone';

/**
 * A platform's delete endpoint for a published post: a port of its own beside the publishing
 * connector. Failures are PublishErrors classified like publishing's (auth, retryable, deferred,
 * permanent), so the caller refreshes a token or backs off the same way.
 */
export abstract class PostDeleter {
  abstract readonly platform: Platform | 'sandbox';
  abstract delete(request: DeleteRequest): Promise<DeleteOutcome>;
}

/** Platforms whose API cannot delete a published post, and what to tell the user instead. */
export const DELETION_UNSUPPORTED: Partial<Record<Platform, string>> = {
  instagram:
    'Instagram’s API has no endpoint to delete a published post: delete it in the Instagram app',
  tiktok: 'TikTok’s API has no endpoint to delete a published video: delete it in the TikTok app',
  snapchat:
    'Snapchat’s Public Profile API has no endpoint to delete a published Story or Spotlight: delete it in Snapchat',
};
