import { loadConfig } from './soku-config';
import { parseTrustProxy } from './trust-proxy';

describe(parseTrustProxy.name, () => {
  it("should read Express's trust proxy syntax", () => {
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy('loopback, 10.0.0.0/8,fd00::/8, 192.168.1.0/255.255.255.0')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.0/255.255.255.0',
    ]);
  });

  it('should refuse what Express would not compile', () => {
    for (const bad of [
      'everyone',
      '10.0.0.0/33',
      '::1/129',
      '10.0.0.300',
      'loopback,',
      '1.2.3.4/8/9',
    ]) {
      expect(parseTrustProxy(bad)).toBeUndefined();
    }
  });

  it('should default to loopback and name the variable when it is wrong', () => {
    expect(loadConfig({}).app.trustProxy).toEqual(['loopback']);
    expect(() => loadConfig({ SOKU_TRUST_PROXY: 'everyone' })).toThrow(
      /SOKU_TRUST_PROXY: must be Express's trust proxy syntax/,
    );
  });
});
