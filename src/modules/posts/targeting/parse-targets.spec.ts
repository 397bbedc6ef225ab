import { parseTargets } from './parse-targets';

const F = 'body.post.content.platform';

describe('parseTargets', () => {
  it('should accept the three documented forms', () => {
    expect(parseTargets('x', F).targets).toEqual([{ platform: 'x', field: F }]);
    expect(
      parseTargets({ platform: 'instagram', accountId: 'ig_creator_main' }, F).targets,
    ).toEqual([
      { platform: 'instagram', accountId: 'ig_creator_main', targetId: undefined, field: F },
    ]);
    const mixed = parseTargets(
      [
        { platform: 'instagram', accountId: 'ig' },
        { platform: 'facebook_pages', accountId: 'fb' },
        'threads',
        'x',
      ],
      F,
    );
    expect(mixed.problems).toEqual([]);
    expect(mixed.targets.map((t) => [t.platform, t.field])).toEqual([
      ['instagram', `${F}[0]`],
      ['facebook', `${F}[1]`],
      ['threads', `${F}[2]`],
      ['x', `${F}[3]`],
    ]);
  });

  it('should report every problem with its path', () => {
    const { problems } = parseTargets(
      ['x', 'myspace', { platform: 'x', accountId: 5, extra: 1 }, 7, {}],
      F,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: `${F}[1]`,
        code: 'invalid_enum_value',
        received: 'myspace',
      }),
      expect.objectContaining({ field: `${F}[2].extra`, code: 'unrecognized_keys' }),
      expect.objectContaining({ field: `${F}[2].accountId`, code: 'invalid_type', received: 5 }),
      expect.objectContaining({ field: `${F}[3]`, code: 'invalid_type', received: 7 }),
      expect.objectContaining({ field: `${F}[4].platform`, message: 'Required' }),
    ]);
  });

  it.each([
    [undefined, 'Required'],
    [[], 'At least one platform is required'],
    [Array(51).fill('x'), 'At most 50 targets'],
  ])('should refuse %j', (raw, message) => {
    expect(parseTargets(raw, F).problems[0].message).toBe(message);
  });
});
