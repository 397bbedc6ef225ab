import { createHash } from 'node:crypto';
import { canonical, RENDER_VERSION, renderMediaId } from './render-key';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('renderMediaId', () => {
  const userId = '7d3c1d2e-0000-4000-8000-000000000001';
  const user = { userId, profileId: userId };

  it('should be a UUID that ignores key order', () => {
    const a = renderMediaId(user, 'tweetImage', 'default', { title: 'x', theme: 'light' });
    const b = renderMediaId(user, 'tweetImage', 'default', { theme: 'light', title: 'x' });
    expect(a).toMatch(UUID);
    expect(a).toBe(b);
  });

  it('should change with the user, the profile, the template, the ratio and the config', () => {
    const base = renderMediaId(user, 'tweetImage', 'default', { title: 'x' });
    const otherUser = userId.replace('1', '2');
    expect(
      renderMediaId({ userId: otherUser, profileId: otherUser }, 'tweetImage', 'default', {
        title: 'x',
      }),
    ).not.toBe(base);
    expect(
      renderMediaId({ userId, profileId: otherUser }, 'tweetImage', 'default', { title: 'x' }),
    ).not.toBe(base);
    expect(renderMediaId(user, 'quoteCard', 'default', { title: 'x' })).not.toBe(base);
    expect(renderMediaId(user, 'tweetImage', '1:1', { title: 'x' })).not.toBe(base);
    expect(renderMediaId(user, 'tweetImage', 'default', { title: 'y' })).not.toBe(base);
  });

  it('should keep the ids of the default profile as they were before profiles', () => {
    const v1Key = JSON.stringify([RENDER_VERSION, userId, 'tweetImage', 'default', { title: 'x' }]);
    const hex = createHash('sha256').update(v1Key).digest('hex');
    expect(renderMediaId(user, 'tweetImage', 'default', { title: 'x' }).replace(/-/g, '')).toMatch(
      new RegExp(`^${hex.slice(0, 12)}5${hex.slice(13, 16)}.${hex.slice(17, 32)}$`),
    );
  });
});

describe('canonical', () => {
  it('should sort keys deeply and drop undefined values', () => {
    expect(JSON.stringify(canonical({ b: 1, a: { d: undefined, c: [{ z: 1, y: 2 }] } }))).toBe(
      '{"a":{"c":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
