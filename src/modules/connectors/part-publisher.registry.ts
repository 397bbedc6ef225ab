import { Inject, Injectable } from '@nestjs/common';
import type { Platform } from '../../common/platforms';
import { PartPublisher } from './part-publisher';
import { PublishError } from './platform-connector';
import { SandboxPartPublisher } from './sandbox/sandbox-part-publisher';

/** Multi-provider token: every real platform's PartPublisher is registered under it. */
export const PART_PUBLISHERS = Symbol('PART_PUBLISHERS');

@Injectable()
export class PartPublisherRegistry {
  private readonly byPlatform: Map<string, PartPublisher>;

  constructor(
    @Inject(PART_PUBLISHERS) publishers: PartPublisher[],
    private readonly sandbox: SandboxPartPublisher,
  ) {
    this.byPlatform = new Map(publishers.map((publisher) => [publisher.platform, publisher]));
  }

  /** The part publisher of an account: the sandbox one for sandbox accounts. */
  get(platform: Platform, sandbox: boolean): PartPublisher {
    const publisher = sandbox ? this.sandbox : this.byPlatform.get(platform);
    if (!publisher) {
      throw new PublishError(
        'permanent',
        'parts_unavailable',
        `Replies and comments on ${platform} are not available on this server yet`,
      );
    }
    return publisher;
  }
}
