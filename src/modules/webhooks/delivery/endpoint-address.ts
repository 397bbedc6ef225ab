import { isIP } from 'node:net';
import * as ipaddr from 'ipaddr.js';
import type { AddressPolicy } from '../../../infra/net/address-policy';
import type { HostResolver } from '../../../infra/net/host-resolver';

const MAX_URL_LENGTH = 2000;

/** `[::1]` → `::1`: URL keeps IPv6 brackets in `hostname`; sockets and isIP do not want them. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Where webhooks may be sent: the media import's SSRF rules (public unicast only, cloud metadata
 * and loopback names refused) over https, unless the operator allow-listed the host
 * (SOKU_WEBHOOK_ALLOWED_HOSTS), which then may also use plain http.
 */
export class EndpointAddressPolicy {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly resolver: HostResolver,
    private readonly allowList: readonly string[],
  ) {}

  get addresses(): AddressPolicy {
    return this.policy;
  }

  /** Checks the URL's form only (no DNS): the parsed URL, or why it is refused. */
  parse(raw: string): URL | string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'Not a valid absolute URL';
    }
    if (raw.length > MAX_URL_LENGTH) {
      return `The URL is longer than ${MAX_URL_LENGTH} characters`;
    }
    if (url.username !== '' || url.password !== '') {
      return 'URLs with a user name or password are not accepted';
    }
    const host = bareHost(url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.isAllowListed(host))) {
      return 'The URL must use https';
    }
    const refusal =
      isIP(host) !== 0 ? this.policy.refuseAddress(host) : this.policy.refuseHostname(host);
    return refusal === undefined ? url : `${host} is ${refusal}`;
  }

  /** parse, then every address the name resolves to must be allowed: why not, or undefined. */
  async refuse(raw: string): Promise<string | undefined> {
    const url = this.parse(raw);
    if (typeof url === 'string') {
      return url;
    }
    const host = bareHost(url);
    if (isIP(host) !== 0 || this.policy.isHostnameAllowed(host)) {
      return undefined;
    }
    let addresses;
    try {
      addresses = await this.resolver.resolve(host);
    } catch {
      return `${host} does not resolve`;
    }
    for (const { address } of addresses) {
      const refusal = this.policy.refuseAddress(address, host);
      if (refusal !== undefined) {
        return `${host} resolves to ${address}, ${refusal}`;
      }
    }
    return undefined;
  }

  private isAllowListed(host: string): boolean {
    return this.allowList.some((entry) => {
      if (entry.toLowerCase() === host.toLowerCase()) {
        return true;
      }
      if (!ipaddr.isValid(host) || !ipaddr.isValidCIDR(entry)) {
        return false;
      }
      const address = ipaddr.parse(host);
      const [base, bits] = ipaddr.parseCIDR(entry);
      return address.kind() === base.kind() && address.match(base, bits);
    });
  }
}
