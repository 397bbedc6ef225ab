import { startFakeDns, type FakeDnsServer } from '../../../test/fakes/fake-dns-server';
import { DnsServerHostResolver, hostResolverFor, SystemHostResolver } from './host-resolver';

describe('hostResolverFor', () => {
  let dns: FakeDnsServer;

  beforeAll(async () => {
    dns = await startFakeDns({ 'both.test': ['203.0.113.7', '2001:db8::7'] });
  });
  afterAll(() => dns.close());

  it("should use the system's resolver when no DNS server is configured", () => {
    expect(hostResolverFor([], 1000)).toBeInstanceOf(SystemHostResolver);
  });

  it("should ask the operator's DNS servers for A and AAAA records", async () => {
    const resolver = hostResolverFor([dns.address], 2000);
    expect(resolver).toBeInstanceOf(DnsServerHostResolver);
    await expect(resolver.resolve('both.test')).resolves.toEqual([
      { address: '203.0.113.7', family: 4 },
      { address: '2001:db8::7', family: 6 },
    ]);
  });

  it('should fail a name the servers do not know, as getaddrinfo would', async () => {
    await expect(hostResolverFor([dns.address], 2000).resolve('nope.test')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});
