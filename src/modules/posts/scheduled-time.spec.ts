import { parseScheduledTime, ScheduledTimeMessages } from './scheduled-time';

const now = new Date('2026-01-01T00:00:00Z');

describe('parseScheduledTime', () => {
  it.each([undefined, null])('should mean now for %j', (raw) => {
    expect(parseScheduledTime(raw, now)).toEqual({ at: null });
  });

  it.each(['2026-01-01T00:01:00Z', '2026-01-01T01:01:00+01:00', '2026-01-01T00:05:00.123Z'])(
    'should accept %s',
    (raw) => expect(parseScheduledTime(raw, now)).toEqual({ at: new Date(raw) }),
  );

  it.each(['tomorrow', '2026-01-02', '2026-01-02T10:00:00', '2026-13-01T00:00:00Z', 12345, ''])(
    'should refuse the format of %j',
    (raw) =>
      expect(parseScheduledTime(raw, now)).toEqual({
        problem: ScheduledTimeMessages.InvalidFormat,
      }),
  );

  it.each(['2025-12-31T00:00:00Z', '2026-01-01T00:00:59Z'])(
    'should refuse %s as too soon',
    (raw) => {
      expect(parseScheduledTime(raw, now)).toEqual({ problem: ScheduledTimeMessages.TooSoon });
    },
  );
});
