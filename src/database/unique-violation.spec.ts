import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './unique-violation';

const pgError = (code: string, constraint?: string): Error =>
  Object.assign(new Error('duplicate key value violates unique constraint'), { code, constraint });

describe('isUniqueViolation', () => {
  it('should recognise the pg driver error', () => {
    expect(isUniqueViolation(pgError('23505', 'users_email_key'))).toBe(true);
  });

  it("should recognise TypeORM's QueryFailedError wrapping it", () => {
    const wrapped = new QueryFailedError('INSERT', [], pgError('23505', 'users_email_key'));
    expect(isUniqueViolation(wrapped)).toBe(true);
    expect(isUniqueViolation(wrapped, 'users_email_key')).toBe(true);
  });

  it('should match only the named constraint when one is given', () => {
    expect(isUniqueViolation(pgError('23505', 'users_email_key'), 'media_sha256_key')).toBe(false);
    expect(isUniqueViolation(pgError('23505'), 'users_email_key')).toBe(false);
  });

  it.each([
    ['a foreign-key violation', pgError('23503')],
    ['a wrapped syntax error', new QueryFailedError('SELEC', [], pgError('42601'))],
    ['a plain error', new Error('boom')],
    ['a string', '23505'],
    ['null', null],
  ])('should reject %s', (_case, error) => {
    expect(isUniqueViolation(error)).toBe(false);
  });
});
