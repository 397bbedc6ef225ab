import { ValidationFailedError } from '../../common/errors';
import { decodeCursor, encodeCursor } from './media-cursor';

describe('media cursor', () => {
  it('should round-trip', () => {
    const cursor = {
      createdAt: new Date('2025-09-01T12:00:00.123Z'),
      id: '3f2b8c1e-9a4d-4c55-8e0f-2b6f1d7a9c10',
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    '',
    'garbage',
    Buffer.from('2025-01-01|not-a-uuid').toString('base64url'),
    Buffer.from('x|3f2b8c1e-9a4d-4c55-8e0f-2b6f1d7a9c10').toString('base64url'),
  ])('should reject %j as a validation error', (raw) => {
    expect(() => decodeCursor(raw)).toThrow(ValidationFailedError);
  });
});
