import { Inject, Injectable } from '@nestjs/common';
import type { Platform } from '../../../common/platforms';
import { DELETION_UNSUPPORTED, type PostDeleter } from '../post-deleter';
import { SandboxDeleter } from '../sandbox/sandbox-deleter';

/** Multi-provider token: every real platform's deleter is registered under it. */
export const POST_DELETERS = Symbol('POST_DELETERS');

/** Which deleter takes a run's post down; null with a reason when the platform cannot. */
@Injectable()
export class DeleterRegistry {
  private readonly byPlatform: Map<string, PostDeleter>;

  constructor(
    @Inject(POST_DELETERS) deleters: PostDeleter[],
    private readonly sandbox: SandboxDeleter,
  ) {
    this.byPlatform = new Map(deleters.map((deleter) => [deleter.platform, deleter]));
  }

  /**
   * Why posts on `platform` cannot be deleted through its API, or null when they can. Sandbox
   * accounts answer the same as the platform they stand for, so a test there predicts production.
   */
  unsupportedReason(platform: Platform): string | null {
    return (
      DELETION_UNSUPPORTED[platform] ??
      (this.byPlatform.has(platform)
        ? null
        : `Deleting ${platform} posts is not available on this server`)
    );
  }

  get(platform: Platform, sandbox: boolean): PostDeleter | null {
    if (this.unsupportedReason(platform) !== null) {
      return null;
    }
    return sandbox ? this.sandbox : (this.byPlatform.get(platform) ?? null);
  }
}
