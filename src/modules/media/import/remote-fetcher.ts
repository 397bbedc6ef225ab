import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { PACKAGE } from '../../../common/package-info';
import { UploadFailedError } from '../media.errors';
import type { AddressPolicy } from '../../../infra/net/address-policy';
import { guardedLookup } from '../../../infra/net/guarded-lookup';
import type { HostResolver } from '../../../infra/net/host-resolver';

export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface FetchLimits {
  maxBytes: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
}

/** An origin's 2xx response, body not yet read. */
export interface RemoteBody {
  body: http.IncomingMessage;
  /** Where the bytes come from after redirects. */
  url: URL;
  contentLength?: number;
  contentType?: string;
  /** `name=value` of each Set-Cookie, for the one origin that needs them (Google Drive). */
  cookies: string[];
  /** Turns an error raised while reading `body` into the precise failure to report. */
  explain(error: unknown): UploadFailedError;
}

export interface OpenOptions {
  /** Aborting it (the import's total deadline) destroys the request and its body. */
  signal: AbortSignal;
  totalTimeoutMs: number;
  headers?: Record<string, string>;
}

/** Why Soku itself destroyed a request, when it did. */
interface RequestFailure {
  error?: Error;
}

class RefusedAddressError extends Error {}
class ConnectTimeoutError extends Error {}
class IdleTimeoutError extends Error {}

/**
 * GETs a remote URL for import with SSRF defences on every hop: http(s) only, no credentials,
 * literal IPs checked before connecting, names checked inside the socket's own lookup (so the
 * address checked is the address connected to, and DNS rebinding cannot slip between them), the
 * connected peer checked again, redirects followed by hand and re-checked, connect and idle
 * timeouts, and the size cap applied to Content-Length.
 */
export class RemoteFetcher {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(
    private readonly policy: AddressPolicy,
    private readonly resolver: HostResolver,
    private readonly limits: FetchLimits,
  ) {
    const lookup = guardedLookup(policy, resolver, (why) => new RefusedAddressError(why));
    this.httpAgent = new http.Agent({ keepAlive: false, lookup });
    this.httpsAgent = new https.Agent({ keepAlive: false, lookup });
  }

  async open(url: string | URL, options: OpenOptions): Promise<RemoteBody> {
    let current = this.parse(url);
    for (let hop = 0; ; hop++) {
      const failure: RequestFailure = {};
      const res = await this.request(current, options, failure);
      if (REDIRECTS.has(res.statusCode ?? 0)) {
        res.resume();
        const location = res.headers.location;
        if (!location) {
          throw new UploadFailedError(
            `The origin answered ${res.statusCode} without a Location header (${current.host})`,
          );
        }
        if (hop >= MAX_REDIRECTS) {
          throw new UploadFailedError(`Too many redirects: more than ${MAX_REDIRECTS}`);
        }
        current = this.parse(new URL(location, current));
        continue;
      }
      return this.accept(res, current, options, failure);
    }
  }

  private parse(input: string | URL): URL {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new UploadFailedError(`Not a valid URL: ${String(input)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UploadFailedError(`Only http and https URLs can be imported (got ${url.protocol})`);
    }
    if (url.username !== '' || url.password !== '') {
      throw new UploadFailedError('URLs with a user name or password are not accepted');
    }
    // WHATWG URL has already turned decimal, octal and hex IPv4 spellings into dotted form.
    const host = bareHost(url);
    const refusal =
      isIP(host) !== 0 ? this.policy.refuseAddress(host) : this.policy.refuseHostname(host);
    if (refusal !== undefined) {
      throw new UploadFailedError(`Refused to fetch ${url.host}: ${host} is ${refusal}`);
    }
    return url;
  }

  private request(
    url: URL,
    options: OpenOptions,
    failure: RequestFailure,
  ): Promise<http.IncomingMessage> {
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: bareHost(url),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        agent: secure ? this.httpsAgent : this.httpAgent,
        signal: options.signal,
        headers: {
          'user-agent': `Soku/${PACKAGE.version} (media import)`,
          accept: '*/*',
          'accept-encoding': 'identity',
          ...options.headers,
        },
      });
      const fail = (error: Error): void => {
        failure.error ??= error;
        req.destroy(error);
      };
      req.on('socket', (socket: Socket) => this.watchSocket(socket, url, fail));
      req.setTimeout(this.limits.idleTimeoutMs, () => fail(new IdleTimeoutError('idle timeout')));
      req.on('response', resolve);
      req.on('error', (error) => reject(this.explain(error, url, options)));
      req.end();
    });
  }

  /** Connect timeout, and the last line of defence: the peer actually connected to. */
  private watchSocket(socket: Socket, url: URL, fail: (error: Error) => void): void {
    if (!socket.connecting) {
      return;
    }
    const timer = setTimeout(
      () => fail(new ConnectTimeoutError('connect timeout')),
      this.limits.connectTimeoutMs,
    );
    socket.once('close', () => clearTimeout(timer));
    socket.once('connect', () => {
      clearTimeout(timer);
      const peer = socket.remoteAddress ?? '';
      const refusal = this.policy.refuseAddress(peer, bareHost(url));
      if (refusal !== undefined) {
        fail(new RefusedAddressError(`connected to ${peer}, ${refusal}`));
      }
    });
  }

  private accept(
    res: http.IncomingMessage,
    url: URL,
    options: OpenOptions,
    failure: RequestFailure,
  ): RemoteBody {
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      res.resume();
      throw new UploadFailedError(
        `The origin answered ${status} ${res.statusMessage ?? ''}`.trimEnd() + ` for ${url.href}`,
      );
    }
    const header = res.headers['content-length'];
    const contentLength = header === undefined ? undefined : Number(header);
    if (contentLength !== undefined && contentLength > this.limits.maxBytes) {
      res.destroy();
      throw tooLarge(this.limits.maxBytes, contentLength);
    }
    return {
      body: res,
      url,
      contentLength: Number.isSafeInteger(contentLength) ? contentLength : undefined,
      contentType: res.headers['content-type'],
      cookies: (res.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]),
      // A timeout destroys the socket; the body then only reports "aborted": say why.
      explain: (error) => this.explain(failure.error ?? error, url, options),
    };
  }

  private explain(error: unknown, url: URL, options: OpenOptions): UploadFailedError {
    if (error instanceof UploadFailedError) {
      return error;
    }
    const host = url.host;
    if (options.signal.aborted) {
      return new UploadFailedError(`The download took longer than ${options.totalTimeoutMs} ms`);
    }
    if (error instanceof RefusedAddressError) {
      return new UploadFailedError(`Refused to fetch ${host}: ${error.message}`);
    }
    if (error instanceof ConnectTimeoutError) {
      return new UploadFailedError(
        `Timed out connecting to ${host} after ${this.limits.connectTimeoutMs} ms`,
      );
    }
    if (error instanceof IdleTimeoutError) {
      return new UploadFailedError(`${host} sent nothing for ${this.limits.idleTimeoutMs} ms`);
    }
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const message = (error as Error).message;
    switch (code) {
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'ENODATA':
      case 'ESERVFAIL':
      case 'ETIMEOUT':
      case 'ECONNREFUSED_DNS':
        return new UploadFailedError(`Could not resolve ${url.hostname}`);
      case 'ECONNREFUSED':
        return new UploadFailedError(`${host} refused the connection`);
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return new UploadFailedError(`${host} is unreachable`);
      case 'ECONNRESET':
        return new UploadFailedError(
          `The connection to ${host} was closed before the file was complete`,
        );
    }
    if (/TLS|SSL|CERT|UNABLE_TO_VERIFY|SELF_SIGNED|DEPTH_ZERO/.test(code)) {
      return new UploadFailedError(`TLS with ${host} failed: ${message}`);
    }
    return new UploadFailedError(`Could not download from ${host}: ${message}`);
  }
}

export function tooLarge(maxBytes: number, size?: number): UploadFailedError {
  const limit = `the limit is ${maxBytes} bytes`;
  return new UploadFailedError(
    size === undefined
      ? `The file is larger than allowed: ${limit}`
      : `The file is ${size} bytes; ${limit}`,
  );
}

/** `[::1]` → `::1`: URL keeps IPv6 brackets in `hostname`, sockets and isIP do not want them. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
