import {
  type PlatformConnector,
  PublishError,
  type PublishRequest,
  type PublishResult,
} from '../../src/modules/connectors/platform-connector';

/**
 * A test-only connector for `x` that talks to the misbehaving fake platform the way the real
 * connectors talk to theirs: the request's signal on every call, redirects not followed, an
 * unparseable answer to the create call treated as no answer (the post may exist).
 */
export class MisbehavingPlatformConnector implements PlatformConnector {
  readonly platform = 'x';

  constructor(private readonly baseUrl: string) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const res = await fetch(`${this.baseUrl}/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-idempotency-ref': request.runId },
      body: JSON.stringify({ text: request.content.text }),
      redirect: 'manual',
      signal: request.signal,
    });
    if (res.status >= 300 && res.status < 400) {
      throw new PublishError(
        'permanent',
        'unexpected_redirect',
        `The platform redirected the create call (${res.status})`,
      );
    }
    const body = (await res.json()) as { data: { id: string } };
    return { platformPostId: body.data.id, url: null };
  }

  async findPublished(request: PublishRequest): Promise<PublishResult | null> {
    const res = await fetch(`${this.baseUrl}/posts?ref=${request.runId}`, {
      redirect: 'manual',
      signal: request.signal,
    });
    const body = (await res.json()) as { data: { id: string }[] };
    return body.data[0] ? { platformPostId: body.data[0].id, url: null } : null;
  }
}
