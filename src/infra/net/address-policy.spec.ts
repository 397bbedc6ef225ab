import { AddressPolicy } from './address-policy';

describe('AddressPolicy', () => {
  const policy = new AddressPolicy([]);

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.10', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['192.0.0.192', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', '127.0.0.1, a loopback'],
    ['::ffff:7f00:1', '127.0.0.1, a loopback'],
    ['::ffff:a9fe:a9fe', '169.254.169.254'],
    ['64:ff9b::a00:1', '10.0.0.1, a private'],
    ['::ffff:0:7f00:1', '127.0.0.1'],
    ['::7f00:1', '127.0.0.1'],
    ['2002:7f00:1::', '6to4'],
    ['2001::1', 'Teredo'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'discard'],
  ])('should refuse %s (%s)', (address, reason) => {
    expect(policy.refuseAddress(address)).toContain(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('should allow the public address %s', (address) => {
    expect(policy.refuseAddress(address)).toBeUndefined();
  });

  it.each(['localhost', 'LOCALHOST.', 'a.localhost', 'metadata.google.internal', 'metadata'])(
    'should refuse the name %s before resolving it',
    (hostname) => {
      expect(policy.refuseHostname(hostname)).toBeDefined();
    },
  );

  it('should let allow-listed ranges, addresses and names through', () => {
    const onPrem = new AddressPolicy([
      '10.0.0.0/8',
      '192.168.7.7',
      'files.corp.internal',
      'fd12::/16',
    ]);
    expect(onPrem.refuseAddress('10.20.30.40')).toBeUndefined();
    expect(onPrem.refuseAddress('192.168.7.7')).toBeUndefined();
    expect(onPrem.refuseAddress('192.168.7.8')).toContain('private');
    expect(onPrem.refuseAddress('fd12::5')).toBeUndefined();
    expect(onPrem.refuseAddress('127.0.0.1', 'files.corp.internal')).toBeUndefined();
    expect(onPrem.refuseAddress('127.0.0.1', 'other.corp.internal')).toContain('loopback');
    expect(onPrem.refuseHostname('FILES.corp.internal')).toBeUndefined();
  });
});
