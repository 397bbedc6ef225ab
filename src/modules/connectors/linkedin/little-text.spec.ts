import { toLittleText } from './little-text';

describe('toLittleText', () => {
  it('escapes every reserved character', () => {
    expect(toLittleText('a\\b|c{d}e@f[g]h(i)j<k>l*m_n~o')).toBe(
      'a\\\\b\\|c\\{d\\}e\\@f\\[g\\]h\\(i\\)j\\<k\\>l\\*m\\_n\\~o',
    );
  });

  it('keeps hashtags as hashtag markup and escapes a lone #', () => {
    expect(toLittleText('Launch day #SokuAPI! Issue #')).toBe(
      'Launch day {hashtag|\\#|SokuAPI}! Issue \\#',
    );
    expect(toLittleText('#first and a#b')).toBe('{hashtag|\\#|first} and a\\#b');
  });

  it('leaves plain text alone', () => {
    expect(toLittleText('Hello, world. 100% ✓')).toBe('Hello, world. 100% ✓');
  });
});
