import type { PlatformApiConfig } from '../../../config/platform-api.config';
import {
  PublishError,
  type PublishRequest,
  type PublishResult,
  requireAccessToken,
} from '../platform-connector';
import { requireId } from '../platform-http';
import { waitUntilProcessed } from '../processing-poll';
import { UnansweredCallError } from '../unanswered-call';
import type { ContainerDialect } from './container-dialect';
import type { GraphClient } from './graph-client';

/**
 * What survives between attempts: the containers, made before the irreversible publish, and when
 * the first was made (the clock of the processing bound and the window of the look-up).
 */
interface ContainerState {
  children?: string[];
  containerId?: string;
  createdAt?: string;
}

type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

/**
 * Instagram's error codes page: 2207032 "Create media fail, please try to re-create media" and
 * 2207053 "unknown upload error … Generate a new container and use it to try again"
 * (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes,
 * "Error Codes Defined"). An ERROR container's `status` carries the subcode (IG Container
 * reference, "Fields": status).
 */
const RECREATE_SUBCODES = /\b(2207032|2207053)\b/;

/**
 * Meta's container model (Instagram content publishing, Threads): create containers (reversible,
 * invisible), wait until FINISHED, then one `*_publish` call. The container ids are saved as soon
 * as they exist, so a retry, a deferral while the platform still processes, or a recovery after a
 * crash asks about the same container (PUBLISHED means the post exists already) and never makes a
 * second one while the first is still processing.
 */
export class ContainerPublisher {
  constructor(
    private readonly graph: GraphClient,
    private readonly dialect: ContainerDialect,
    private readonly config: PlatformApiConfig,
  ) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const { token, userId } = this.account(request);
    try {
      return await this.publishContainer(request, token, userId);
    } catch (error) {
      if (error instanceof PublishError && error.code === 'container_failed') {
        // Meta's advice for these: a new container next time, not the failed one again.
        await request.saveState({});
      }
      throw error;
    }
  }

  private async publishContainer(
    request: PublishRequest,
    token: string,
    userId: string,
  ): Promise<PublishResult> {
    let containerId = (request.state as ContainerState).containerId;
    if (containerId) {
      const status = await this.status(containerId, token);
      if (status.status === 'PUBLISHED') {
        const found = await this.locate(request, token, userId);
        if (found) {
          return found;
        }
        throw new UnansweredCallError(
          `${this.graph.platformName} says the post was published but it is not among the account's latest posts`,
        );
      }
      if (status.status === 'EXPIRED') {
        // Not published within 24 hours: its items have expired too; start again.
        await request.saveState({});
        containerId = undefined;
      }
    }
    // A container made by an earlier attempt (deferred while processing) gets one look.
    const checks = containerId ? 1 : undefined;
    if (!containerId) {
      containerId = await this.createContainer(request, token, userId);
    }
    await this.waitFinished(containerId, token, 'The post', this.since(request), checks);
    const published = await this.graph.call({
      method: 'POST',
      path: `/${userId}/${this.dialect.publishEdge}`,
      params: { creation_id: containerId },
      accessToken: token,
      irreversible: true,
    });
    const id = requireId(published.id, 'the published media id', this.graph.platformName);
    return { platformPostId: id, url: await this.graph.readField(id, 'permalink', token) };
  }

  /** Null when no container of this run was published; undefined when that cannot be told. */
  async findPublished(request: PublishRequest): Promise<PublishResult | null | undefined> {
    const state = request.state as ContainerState;
    if (!state.containerId) {
      return null;
    }
    const { token, userId } = this.account(request);
    const { status } = await this.status(state.containerId, token);
    if (status !== 'PUBLISHED') {
      return null;
    }
    return (await this.locate(request, token, userId)) ?? undefined;
  }

  private account(request: PublishRequest): { token: string; userId: string } {
    requireAccessToken(request);
    const userId = request.metadata[this.dialect.userIdKey];
    if (typeof userId !== 'string' || userId === '') {
      throw new PublishError(
        'permanent',
        'account_incomplete',
        `The account has no ${this.dialect.userIdKey}: connect it again`,
      );
    }
    return { token: request.accessToken, userId };
  }

  private async createContainer(
    request: PublishRequest,
    token: string,
    userId: string,
  ): Promise<string> {
    const state = request.state as ContainerState;
    const createdAt = state.createdAt ?? new Date().toISOString();
    const text = request.content.text ?? '';
    // The caption, and a reply's reply_to_id, go on the published container, not on its items.
    const caption = {
      ...(text ? { [this.dialect.textField]: text } : {}),
      ...this.dialect.containerParams,
    };
    let params: Record<string, string>;
    let children: string[] | undefined;
    if (request.media.length > 1) {
      children = state.children;
      const checks = children ? 1 : undefined;
      if (!children) {
        children = [];
        for (const media of request.media) {
          children.push(
            await this.create(userId, token, {
              ...this.dialect.carouselItemParams(media),
              is_carousel_item: 'true',
            }),
          );
        }
        await request.saveState({ children, createdAt });
      }
      for (const [i, child] of children.entries()) {
        await this.waitFinished(
          child,
          token,
          `Carousel item ${i + 1}`,
          Date.parse(createdAt),
          checks,
        );
      }
      params = { media_type: 'CAROUSEL', children: children.join(','), ...caption };
    } else {
      params = { ...this.dialect.singleParams(request.media[0]), ...caption };
    }
    const containerId = await this.create(userId, token, params);
    await request.saveState({ ...(children ? { children } : {}), containerId, createdAt });
    return containerId;
  }

  private since(request: PublishRequest): number {
    const createdAt = Date.parse((request.state as ContainerState).createdAt ?? '');
    return Number.isNaN(createdAt) ? Date.now() : createdAt;
  }

  private async create(userId: string, token: string, params: Record<string, string>) {
    const body = await this.graph.call({
      method: 'POST',
      path: `/${userId}/${this.dialect.createEdge}`,
      params,
      accessToken: token,
    });
    return requireId(body.id, 'a container id', this.graph.platformName);
  }

  private async status(
    containerId: string,
    token: string,
  ): Promise<{ status: ContainerStatus; detail: string | null }> {
    const body = await this.graph.call({
      method: 'GET',
      path: `/${containerId}`,
      params: { fields: `${this.dialect.statusField},${this.dialect.errorField}` },
      accessToken: token,
    });
    const status = body[this.dialect.statusField];
    const detail = body[this.dialect.errorField];
    return {
      status: (typeof status === 'string' ? status : 'IN_PROGRESS') as ContainerStatus,
      detail: typeof detail === 'string' ? detail : null,
    };
  }

  private waitFinished(
    containerId: string,
    token: string,
    what: string,
    since: number,
    checks?: number,
  ): Promise<void> {
    return waitUntilProcessed(
      async () => {
        const { status, detail } = await this.status(containerId, token);
        if (status === 'FINISHED' || status === 'PUBLISHED') {
          return { done: true, value: undefined };
        }
        const said = detail ? `${status}: ${detail}` : status;
        if (status === 'ERROR') {
          throw RECREATE_SUBCODES.test(detail ?? '')
            ? new PublishError(
                'retryable',
                'container_failed',
                `${this.graph.platformName} could not make the container (${said}); a new one is made on the next attempt`,
              )
            : new PublishError(
                'permanent',
                'media_processing_failed',
                `${this.graph.platformName} could not process the media: ${detail ?? 'no reason given'}`,
              );
        }
        if (status === 'EXPIRED') {
          throw new PublishError(
            'retryable',
            'container_expired',
            `${this.graph.platformName}: the media container expired before publishing`,
          );
        }
        return { done: false, said };
      },
      this.config,
      `${what} (${this.graph.platformName} container ${containerId})`,
      since,
      checks,
    );
  }

  /** The run's post among the account's latest, matched by text and creation time. */
  private async locate(
    request: PublishRequest,
    token: string,
    userId: string,
  ): Promise<PublishResult | null> {
    const body = await this.graph.call({
      method: 'GET',
      path: `/${userId}/${this.dialect.createEdge}`,
      params: { fields: `id,${this.dialect.textField},permalink,timestamp`, limit: '10' },
      accessToken: token,
    });
    const since = Date.parse((request.state as ContainerState).createdAt ?? '') - 5 * 60_000;
    const text = (request.content.text ?? '').trim();
    const items = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
    const match = items.find(
      (item) =>
        (typeof item[this.dialect.textField] === 'string'
          ? (item[this.dialect.textField] as string).trim()
          : '') === text &&
        (Number.isNaN(since) || Date.parse(String(item.timestamp)) >= since),
    );
    return match
      ? {
          platformPostId: String(match.id),
          url: typeof match.permalink === 'string' ? match.permalink : null,
        }
      : null;
  }
}
