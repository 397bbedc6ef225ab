import { firstReadAt, nextReadAt } from './read-schedule';

const HOUR = 3_600_000;
const SCHEDULE = [HOUR, 6 * HOUR, 24 * HOUR];

describe('nextReadAt', () => {
  const published = new Date('2026-12-01T00:00:00Z');

  it('is the first step after publishing, then each later one', () => {
    expect(nextReadAt(published, SCHEDULE, published.getTime())).toEqual(
      new Date('2026-12-01T01:00:00Z'),
    );
    expect(nextReadAt(published, SCHEDULE, published.getTime() + HOUR)).toEqual(
      new Date('2026-12-01T06:00:00Z'),
    );
  });

  it('skips the steps a late pass missed, and ends after the last', () => {
    expect(nextReadAt(published, SCHEDULE, published.getTime() + 7 * HOUR)).toEqual(
      new Date('2026-12-02T00:00:00Z'),
    );
    expect(nextReadAt(published, SCHEDULE, published.getTime() + 24 * HOUR)).toBeNull();
  });
});

describe('firstReadAt', () => {
  const published = new Date('2026-12-01T00:00:00Z');

  it('is the first step, even when a late collector finds it past', () => {
    expect(firstReadAt(published, SCHEDULE, published.getTime() + 7 * HOUR)).toEqual(
      new Date('2026-12-01T01:00:00Z'),
    );
  });

  it('is null once the whole schedule is past', () => {
    expect(firstReadAt(published, SCHEDULE, published.getTime() + 24 * HOUR)).toBeNull();
  });
});
