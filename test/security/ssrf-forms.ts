/**
 * The red team's SSRF forms (issue 20): every way a URL can name loopback, a private or
 * link-local network, a cloud metadata service, or a scheme that is not http(s), without a
 * redirect. `p` and `p6` are the ports of loopback traps (IPv4 and IPv6) that must never see a
 * connection. The names under `.test` resolve through SSRF_DNS (a fake DNS server).
 */
export function directSsrfForms(p: number, p6: number): [string, string][] {
  return [
    ['loopback IPv4', `http://127.0.0.1:${p}/x.png`],
    ['loopback elsewhere in 127/8', `http://127.0.0.2:${p}/x.png`],
    ['localhost', `http://localhost:${p}/x.png`],
    ['a subdomain of localhost', `http://a.localhost:${p}/x.png`],
    ['short IPv4 127.1', `http://127.1:${p}/x.png`],
    ['decimal IPv4', `http://2130706433:${p}/x.png`],
    ['hex IPv4', `http://0x7f000001:${p}/x.png`],
    ['dotted hex IPv4', `http://0x7f.0x0.0x0.0x1:${p}/x.png`],
    ['octal IPv4', `http://0177.0.0.1:${p}/x.png`],
    ['octal dword IPv4', `http://017700000001:${p}/x.png`],
    ['unspecified 0.0.0.0', `http://0.0.0.0:${p}/x.png`],
    ['unspecified 0', `http://0:${p}/x.png`],
    ['IPv6 loopback', `http://[::1]:${p6}/x.png`],
    ['IPv6 unspecified', `http://[::]:${p6}/x.png`],
    ['IPv4-mapped IPv6', `http://[::ffff:127.0.0.1]:${p}/x.png`],
    ['IPv4-mapped IPv6, hex', `http://[::ffff:7f00:1]:${p}/x.png`],
    ['NAT64 IPv6 of loopback', `http://[64:ff9b::7f00:1]:${p}/x.png`],
    ['IPv4-compatible IPv6', `http://[::127.0.0.1]:${p}/x.png`],
    ['private 10/8', `http://10.0.0.1:${p}/x.png`],
    ['private 172.16/12', `http://172.16.0.1:${p}/x.png`],
    ['private 192.168/16', `http://192.168.0.1:${p}/x.png`],
    ['CGNAT 100.64/10', `http://100.64.0.1:${p}/x.png`],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['cloud metadata by name', 'http://metadata.google.internal/computeMetadata/v1/'],
    ['link-local', `http://169.254.1.1:${p}/x.png`],
    ['multicast', `http://224.0.0.1:${p}/x.png`],
    ['broadcast', `http://255.255.255.255:${p}/x.png`],
    ['IPv6 link-local', `http://[fe80::1]:${p6}/x.png`],
    ['IPv6 unique local', `http://[fd00::1]:${p6}/x.png`],
    ['AWS IPv6 metadata', 'http://[fd00:ec2::254]/latest/meta-data/'],
    ['a name resolving to 127.0.0.1 (injected resolver)', `http://rebind.test:${p}/x.png`],
    ['a name resolving to ::1', `http://v6.test:${p6}/x.png`],
    ['a name with one private address among others', `http://mixed.test:${p}/x.png`],
    ['a name resolving to the metadata address', 'http://metadata.test/latest/'],
    ['a name resolving to an IPv4-mapped loopback', `http://mapped.test:${p}/x.png`],
    ['credentials in the URL', `http://user:pass@127.0.0.1:${p}/x.png`],
    ['userinfo that looks like a host', `http://origin.test@127.0.0.1:${p}/x.png`],
    ['ftp scheme', `ftp://127.0.0.1:${p}/x.png`],
    ['file scheme', 'file:///etc/passwd'],
    ['gopher scheme', `gopher://127.0.0.1:${p}/_x`],
  ];
}

/** What the fake DNS server answers for the names the forms use. */
export const SSRF_DNS: Record<string, string[]> = {
  'rebind.test': ['127.0.0.1'],
  'v6.test': ['::1'],
  'mixed.test': ['127.0.0.1', '10.0.0.1'],
  'metadata.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:127.0.0.1'],
};
