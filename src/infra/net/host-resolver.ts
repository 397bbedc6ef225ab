import { promises as dns } from 'node:dns';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Name resolution for outbound requests to user-given hosts (media imports, webhooks), a DI
 * token. The system resolver by default; configured DNS servers (SOKU_MEDIA_DNS_SERVERS) when the
 * operator wants Soku to use their own.
 */
export abstract class HostResolver {
  abstract resolve(hostname: string): Promise<ResolvedAddress[]>;
}

export class SystemHostResolver extends HostResolver {
  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const found = await dns.lookup(hostname, { all: true, verbatim: true });
    return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  }
}

export class DnsServerHostResolver extends HostResolver {
  private readonly resolver: dns.Resolver;

  constructor(servers: readonly string[], timeoutMs: number) {
    super();
    this.resolver = new dns.Resolver({ timeout: timeoutMs, tries: 2 });
    this.resolver.setServers([...servers]);
  }

  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const [v4, v6] = await Promise.allSettled([
      this.resolver.resolve4(hostname),
      this.resolver.resolve6(hostname),
    ]);
    const addresses: ResolvedAddress[] = [
      ...(v4.status === 'fulfilled'
        ? v4.value.map((address) => ({ address, family: 4 as const }))
        : []),
      ...(v6.status === 'fulfilled'
        ? v6.value.map((address) => ({ address, family: 6 as const }))
        : []),
    ];
    if (addresses.length === 0) {
      // Both failed or both were empty: report the A lookup's error, as getaddrinfo would.
      throw v4.status === 'rejected'
        ? v4.reason
        : Object.assign(new Error(`queryA ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    return addresses;
  }
}

/** The one way a resolver is built: the operator's DNS servers when there are any, else the system's. */
export function hostResolverFor(servers: readonly string[], timeoutMs: number): HostResolver {
  return servers.length > 0
    ? new DnsServerHostResolver(servers, timeoutMs)
    : new SystemHostResolver();
}
