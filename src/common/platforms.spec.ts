import { normalizePlatform, PLATFORM_VALUES } from './platforms';

describe('normalizePlatform', () => {
  it('should accept every platform and the facebook_pages alias', () => {
    expect(normalizePlatform('x')).toBe('x');
    expect(normalizePlatform('facebook_pages')).toBe('facebook');
    expect(PLATFORM_VALUES).toContain('facebook_pages');
  });

  it.each(['X', 'twitter', 'myspace', '', 'toString'])('should refuse %j', (value) => {
    expect(normalizePlatform(value)).toBeUndefined();
  });
});
