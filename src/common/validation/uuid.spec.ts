import { isUuid } from './uuid';

describe('isUuid', () => {
  it.each([
    ['a random (v4) id', '0b6f3c1e-9d2a-4c7b-8e5f-1a2b3c4d5e6f'],
    ['a name-based (v5) id', '74738ff5-5367-5958-9aee-98fffdcd1876'],
    ['upper-case hex', '0B6F3C1E-9D2A-4C7B-8E5F-1A2B3C4D5E6F'],
    ['the nil id', '00000000-0000-0000-0000-000000000000'],
  ])('should accept %s', (_case, value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['36 dashes', '-'.repeat(36)],
    ['no hyphens', '0b6f3c1e9d2a4c7b8e5f1a2b3c4d5e6f'],
    ['a non-hex letter', '0b6f3c1e-9d2a-4c7b-8e5f-1a2b3c4d5e6g'],
    ['a trailing newline', '0b6f3c1e-9d2a-4c7b-8e5f-1a2b3c4d5e6f\n'],
    ['a SQL fragment', "1' OR '1'='1"],
  ])('should reject %s', (_case, value) => {
    expect(isUuid(value)).toBe(false);
  });
});
