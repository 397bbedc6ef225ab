import type { SokuConfig } from '../../../config/soku-config';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { requireAccessToken } from '../platform-connector';
import { asObject, callPlatform } from '../platform-http';
import type { DeleteOutcome, DeleteRequest } from '../post-deleter';
import { classifyGraphError, type GraphErrorBody } from './graph-errors';

/**
 * `DELETE /{object-id}?access_token=…` on a Meta Graph host (Facebook Page posts and videos,
 * Threads media). Graph answers an id that no longer exists with error code 100, subcode 33
 * ("Object with ID … does not exist"): the post is already gone.
 */
export async function deleteGraphObject(
  config: SokuConfig,
  platform: 'facebook' | 'threads',
  version: string,
  platformName: string,
  request: DeleteRequest,
): Promise<DeleteOutcome> {
  requireAccessToken(request);
  const url = new URL(
    `${platformApiBase(config, platform)}/${version}/${encodeURIComponent(request.platformPostId)}`,
  );
  url.searchParams.set('access_token', request.accessToken);
  const answer = await callPlatform(
    { method: 'DELETE', url: url.toString() },
    { timeoutMs: config.platformApi.timeoutMs, platformName },
  );
  const error = asObject(answer.json.error) as GraphErrorBody;
  if (answer.status === 404 || (error.code === 100 && error.error_subcode === 33)) {
    return 'already_gone';
  }
  if (answer.status >= 200 && answer.status < 300 && answer.json.success === true) {
    return 'deleted';
  }
  throw classifyGraphError(answer.status, error, answer.headers, platformName);
}
