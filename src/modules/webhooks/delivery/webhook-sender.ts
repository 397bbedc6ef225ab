import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { PACKAGE } from '../../../common/package-info';
import { guardedLookup } from '../../../infra/net/guarded-lookup';
import { bareHost, type EndpointAddressPolicy } from './endpoint-address';

/** What one attempt got: the receiver's status, or why there was none. */
export type SendResult = { status: number; retryAfter?: string } | { status: null; error: string };

class RefusedError extends Error {}

/** How much of a receiver's answer is read before the connection is dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed webhook with the SSRF rules applied to the address actually connected to
 * (checked in the socket's own lookup and again on connect), one total timeout, and no
 * redirects: a 3xx is an answer like any other non-2xx.
 */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(
    private readonly endpoints: EndpointAddressPolicy,
    resolver: ConstructorParameters<typeof EndpointAddressPolicy>[1],
    private readonly timeoutMs: number,
  ) {
    const lookup = guardedLookup(endpoints.addresses, resolver, (why) => new RefusedError(why));
    this.httpAgent = new http.Agent({ keepAlive: false, lookup });
    this.httpsAgent = new https.Agent({ keepAlive: false, lookup });
  }

  send(rawUrl: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const url = this.endpoints.parse(rawUrl);
    if (typeof url === 'string') {
      return Promise.resolve({ status: null, error: `Refused: ${url}` });
    }
    const secure = url.protocol === 'https:';
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: SendResult): void => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          resolve(result);
        }
      };
      const req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: bareHost(url),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': `Soku/${PACKAGE.version} (webhooks)`,
          ...headers,
        },
      });
      const timer = setTimeout(() => {
        finish({ status: null, error: `No answer within ${this.timeoutMs} ms` });
        req.destroy();
      }, this.timeoutMs);
      req.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          const peer = socket.remoteAddress ?? '';
          const refusal = this.endpoints.addresses.refuseAddress(peer, bareHost(url));
          if (refusal !== undefined) {
            req.destroy(new RefusedError(`connected to ${peer}, ${refusal}`));
          }
        });
      });
      req.on('response', (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) {
            res.destroy();
          }
        });
        const retryAfter = res.headers['retry-after'];
        const done = () => finish({ status: res.statusCode ?? 0, retryAfter });
        res.on('end', done);
        res.on('close', done);
      });
      req.on('error', (error) =>
        finish({
          status: null,
          error: error instanceof RefusedError ? `Refused: ${error.message}` : error.message,
        }),
      );
      req.end(body);
    });
  }
}
