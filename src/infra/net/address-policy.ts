import * as ipaddr from 'ipaddr.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const V4_REASONS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private address',
  reserved: 'a reserved address',
};

const V6_REASONS: Record<string, string> = {
  unspecified: 'an unspecified address',
  linkLocal: 'an IPv6 link-local address',
  multicast: 'a multicast address',
  loopback: 'a loopback address',
  uniqueLocal: 'an IPv6 unique local address',
  '6to4': 'a 6to4 tunnel address',
  teredo: 'a Teredo tunnel address',
};

/** Cloud metadata services, named on top of their ranges so the refusal says what they are. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', 'fd00:ec2::254']);
const METADATA_HOSTNAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog']);

/** IPv6 forms that carry an IPv4 address, which is what the packet finally reaches. */
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
const IPV4_COMPATIBLE_V6 = ipaddr.parseCIDR('::/96');

/**
 * Decides which addresses an outbound request to a user-given URL (a remote import, a webhook)
 * may connect to: public unicast only, unless the operator allow-listed the host name or a range
 * containing the address.
 */
export class AddressPolicy {
  private readonly hostnames: Set<string>;
  private readonly ranges: Cidr[];

  constructor(allowList: readonly string[]) {
    this.hostnames = new Set();
    this.ranges = [];
    for (const entry of allowList) {
      if (ipaddr.isValidCIDR(entry)) {
        this.ranges.push(ipaddr.parseCIDR(entry));
      } else if (ipaddr.isValid(entry)) {
        const address = ipaddr.parse(entry);
        this.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else {
        this.hostnames.add(entry.toLowerCase());
      }
    }
  }

  /** An allow-listed name may resolve to anything, e.g. an intranet file server. */
  isHostnameAllowed(hostname: string): boolean {
    return this.hostnames.has(hostname.toLowerCase());
  }

  /** Why a host name is refused before it is even resolved ("a loopback name"), or undefined. */
  refuseHostname(hostname: string): string | undefined {
    const name = hostname.toLowerCase().replace(/\.$/, '');
    if (this.isHostnameAllowed(name)) {
      return undefined;
    }
    if (METADATA_HOSTNAMES.has(name)) {
      return 'a cloud metadata service';
    }
    if (name === 'localhost' || name.endsWith('.localhost')) {
      return 'a loopback name';
    }
    return undefined;
  }

  /** Why connecting to this address is refused ("a loopback address"), or undefined. */
  refuseAddress(address: string, hostname?: string): string | undefined {
    if (hostname !== undefined && this.isHostnameAllowed(hostname)) {
      return undefined;
    }
    if (!ipaddr.isValid(address)) {
      return 'not an IP address';
    }
    const parsed = ipaddr.parse(address);
    if (this.ranges.some(([base, bits]) => sameKind(parsed, base) && parsed.match(base, bits))) {
      return undefined;
    }
    return classify(parsed);
  }
}

function sameKind(a: ipaddr.IPv4 | ipaddr.IPv6, b: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return a.kind() === b.kind();
}

function classify(address: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  if (METADATA_ADDRESSES.has(address.toString())) {
    return 'a cloud metadata service';
  }
  if (address.kind() === 'ipv4') {
    const range = address.range();
    return range === 'unicast' ? undefined : (V4_REASONS[range] ?? `in the ${range} range`);
  }
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (EMBEDS_IPV4.has(range) || (range === 'unicast' && v6.match(IPV4_COMPATIBLE_V6))) {
    const embedded = ipaddr.fromByteArray(v6.toByteArray().slice(12)) as ipaddr.IPv4;
    const reason = classify(embedded);
    return reason === undefined ? undefined : `an IPv6 form of ${embedded.toString()}, ${reason}`;
  }
  if (range !== 'unicast') {
    return V6_REASONS[range] ?? `in the IPv6 ${range} range`;
  }
  return v6.match(GLOBAL_UNICAST_V6) ? undefined : 'not a global unicast address';
}
