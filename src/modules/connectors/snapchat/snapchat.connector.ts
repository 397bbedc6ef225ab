import { createCipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import type { PostContent } from '../post-content';
import { fixedRanges, readRanges } from '../byte-chunks';
import {
  type PlatformConnector,
  PublishError,
  type PublishMedia,
  type PublishRequest,
  type PublishResult,
} from '../platform-connector';
import { platformApiBase } from '../../../config/platform-api-hosts';
import {
  type PlatformAnswer,
  type PlatformCall,
  asObject,
  asString,
  callPlatform,
} from '../platform-http';
import { UnansweredCallError } from '../unanswered-call';
import { snapchatFailure } from './snapchat-errors';

const UNANSWERED_CREATE =
  'Snapchat got the post but its answer was lost; Snap offers no way to check it, so it was not sent again';

const AES_BLOCK = 16;
const SAVED_STORY_TITLE = 45;
const SPOTLIGHT_DESCRIPTION = 160;

interface SnapchatState {
  mediaId?: string;
  key?: string;
  iv?: string;
  addPath?: string;
  finalizePath?: string;
  partsDone?: number;
  finalized?: boolean;
  /** Set just before the story / saved story / spotlight is created: the irreversible step. */
  createSentAt?: string;
}

/**
 * Snap Public Profile API (allow-listed partners only): the file is encrypted with AES-256-CBC
 * under a fresh key and IV, a media container is created with them, the ciphertext goes up in
 * ≤ 32 MB multipart parts, and a story, saved story or spotlight is made from the media id.
 */
@Injectable()
export class SnapchatConnector implements PlatformConnector {
  readonly platform = 'snapchat';

  constructor(private readonly config: SokuConfig) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const state = request.state as SnapchatState;
    const profileId = asString(request.metadata.profileId);
    if (!profileId) {
      throw new PublishError(
        'permanent',
        'profile_unknown',
        'This Snapchat account has no Public Profile id: reconnect it',
      );
    }
    const item = request.media[0];
    if (!item || request.media.length !== 1) {
      throw new PublishError(
        'permanent',
        'one_media_item',
        'Snapchat takes exactly one media item',
      );
    }
    if (state.createSentAt) {
      // A create already went out and was not answered: Snap has nothing to look it up by.
      throw new PublishError('permanent', 'outcome_unknown', UNANSWERED_CREATE);
    }
    if (!state.mediaId) {
      await this.createMedia(request, state, profileId, item);
    }
    if (!state.finalized) {
      await this.uploadParts(request, state, item);
    }
    state.createSentAt = new Date().toISOString();
    await request.saveState({ ...state });
    const create = createCall(profileId, state.mediaId!, request.content);
    const answer = await this.call(request, {
      ...create,
      url: this.url(create.url),
      irreversible: true,
    });
    if (answer.status >= 500) {
      // Snap documents no idempotency for creates: the story may exist, so it is not re-sent.
      throw new UnansweredCallError(`Snapchat answered the create with HTTP ${answer.status}`);
    }
    const refusal = snapchatFailure(answer);
    if (refusal) {
      // Refused (4xx): nothing was created, a later attempt may create it.
      state.createSentAt = undefined;
      await request.saveState({ ...state });
      throw refusal;
    }
    const created = answer.json;
    const id = findId(created);
    if (!id) {
      throw new PublishError(
        'permanent',
        'unexpected_response',
        'Snapchat gave no id for the post',
      );
    }
    return { platformPostId: id, url: null };
  }

  /** Snap has no way to look a post up by its media: unknown once the create call was sent. */
  findPublished(request: PublishRequest): Promise<PublishResult | null | undefined> {
    const state = request.state as SnapchatState;
    return Promise.resolve(state.createSentAt ? undefined : null);
  }

  private async createMedia(
    request: PublishRequest,
    state: SnapchatState,
    profileId: string,
    item: PublishMedia,
  ): Promise<void> {
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const answer = await this.call(request, {
      method: 'POST',
      url: this.url(`/v1/public_profiles/${encodeURIComponent(profileId)}/media`),
      json: {
        type: item.kind === 'video' ? 'VIDEO' : 'IMAGE',
        name: `soku-${request.runId}`,
        key: key.toString('base64'),
        iv: iv.toString('base64'),
      },
    });
    const body = this.parse(answer);
    Object.assign(state, {
      mediaId: required(body.media_id, 'media_id'),
      addPath: required(body.add_path, 'add_path'),
      finalizePath: required(body.finalize_path, 'finalize_path'),
      key: key.toString('base64'),
      iv: iv.toString('base64'),
      partsDone: 0,
      finalized: false,
    });
    await request.saveState({ ...state });
  }

  /** The ciphertext in parts (numbered from 1), then FINALIZE; done parts are not sent again. */
  private async uploadParts(
    request: PublishRequest,
    state: SnapchatState,
    item: PublishMedia,
  ): Promise<void> {
    const encryptedSize = (Math.floor(item.size / AES_BLOCK) + 1) * AES_BLOCK;
    const partSize = this.config.platformApi.snapchatChunkBytes;
    const ranges = fixedRanges(encryptedSize, partSize);
    const cipher = createCipheriv(
      'aes-256-cbc',
      Buffer.from(state.key!, 'base64'),
      Buffer.from(state.iv!, 'base64'),
    );
    const encrypted = (await item.open()).pipe(cipher);
    const remaining = ranges.slice(state.partsDone ?? 0);
    for await (const { range, bytes } of readRanges(encrypted, remaining)) {
      const partNumber = ranges.indexOf(range) + 1;
      const form = new FormData();
      form.append('action', 'ADD');
      form.append('part_number', String(partNumber));
      form.append('file', new Blob([bytes]), `part-${partNumber}`);
      this.parse(
        await this.call(request, { method: 'POST', url: this.url(state.addPath!), body: form }),
      );
      state.partsDone = partNumber;
      await request.saveState({ ...state });
    }
    encrypted.destroy();
    const form = new FormData();
    form.append('action', 'FINALIZE');
    this.parse(
      await this.call(request, { method: 'POST', url: this.url(state.finalizePath!), body: form }),
    );
    state.finalized = true;
    await request.saveState({ ...state });
  }

  private parse(answer: PlatformAnswer): Record<string, unknown> {
    const failure = snapchatFailure(answer);
    if (failure) {
      throw failure;
    }
    return answer.json;
  }

  private call(request: PublishRequest, call: PlatformCall): Promise<PlatformAnswer> {
    return callPlatform(
      {
        ...call,
        headers: { Authorization: `Bearer ${request.accessToken ?? ''}`, ...call.headers },
      },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'Snapchat' },
    );
  }

  /** Snap's paths (add_path, finalize_path) are relative to the API host. */
  private url(path: string): string {
    return `${platformApiBase(this.config, 'snapchat')}${path.startsWith('/') ? path : `/${path}`}`;
  }
}

/** The create call of the chosen surface (default: story), its URL a path on the API host. */
function createCall(profileId: string, mediaId: string, content: PostContent): PlatformCall {
  const options = content.options?.snapchat ?? {};
  const base = `/v1/public_profiles/${encodeURIComponent(profileId)}`;
  const text = content.text ?? '';
  switch (options.surface ?? 'story') {
    case 'saved_story':
      return {
        method: 'POST',
        url: `${base}/saved_stories`,
        json: {
          saved_stories: [
            {
              snap_sources: [{ media_id: mediaId }],
              title: options.title ?? ([...text].slice(0, SAVED_STORY_TITLE).join('') || 'Story'),
            },
          ],
        },
      };
    case 'spotlight':
      return {
        method: 'POST',
        url: `${base}/spotlights`,
        json: {
          media_id: mediaId,
          description: [...text].slice(0, SPOTLIGHT_DESCRIPTION).join(''),
          locale: options.locale ?? 'en_US',
        },
      };
    case 'story':
      return { method: 'POST', url: `${base}/stories`, json: { media_id: mediaId } };
  }
}

/** The id of what was created, wherever in Snap's envelope it is (`stories[0].story.id`, …). */
function findId(body: Record<string, unknown>): string | undefined {
  for (const value of Object.values(body)) {
    const item = Array.isArray(value) ? asObject(value[0]) : asObject(value);
    const inner = Object.values(item)
      .map(asObject)
      .find((v) => asString(v.id));
    const id = asString(item.id) ?? asString(inner?.id);
    if (id) {
      return id;
    }
  }
  return undefined;
}

function required(value: unknown, what: string): string {
  const text = asString(value);
  if (!text) {
    throw new PublishError('retryable', 'unexpected_response', `Snapchat's answer had no ${what}`);
  }
  return text;
}
