import { QueryFailedError } from 'typeorm';
import { QueueUnavailableError, unavailableDependency } from './dependency-unavailable';

const withCode = (code: string, message = 'failed'): Error =>
  Object.assign(new Error(message), { code });

describe('unavailableDependency', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['the server shutting down (57P01)', withCode('57P01', 'terminating connection')],
    ['the server starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    [
      "TypeORM's wrapper of a driver error",
      new QueryFailedError('SELECT 1', [], withCode('57P01')),
    ],
    ['an error caused by one', new Error('outer', { cause: withCode('ECONNREFUSED') })],
    ['an AggregateError of them', new AggregateError([withCode('ECONNREFUSED')], 'all failed')],
  ])('should name the database for %s', (_case, error) => {
    expect(unavailableDependency(error)).toBe('database');
  });

  it('should name the queue for a QueueUnavailableError', () => {
    expect(unavailableDependency(new QueueUnavailableError('Redis is reconnecting'))).toBe('queue');
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a syntax error', withCode('42601')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a non-error', 'boom'],
  ])('should leave %s alone (a 500, not a 503)', (_case, error) => {
    expect(unavailableDependency(error)).toBeUndefined();
  });
});
