import { syncDayOf } from './sync-day';

const day = (iso: string, zone: string) => syncDayOf(Date.parse(iso), zone);

describe('syncDayOf', () => {
  it('counts the hours before 3 AM local time in the day before', () => {
    expect(day('2026-03-02T01:59:59Z', 'Europe/Berlin')).toBe('2026-03-01'); // 02:59:59 CET
    expect(day('2026-03-02T02:00:00Z', 'Europe/Berlin')).toBe('2026-03-02'); // 03:00 CET
    expect(day('2026-01-01T01:00:00Z', 'Europe/Berlin')).toBe('2025-12-31'); // 02:00 on New Year's Day: still the old year
  });

  it('reads the same instant as a different sync day in different time zones', () => {
    const instant = '2026-03-02T07:30:00Z';
    expect(day(instant, 'Europe/Berlin')).toBe('2026-03-02'); // 08:30
    expect(day(instant, 'America/New_York')).toBe('2026-03-01'); // 02:30
    expect(day(instant, 'Asia/Tokyo')).toBe('2026-03-02'); // 16:30
    expect(day('2026-03-02T17:30:00Z', 'Asia/Tokyo')).toBe('2026-03-02'); // 02:30 on the 3rd
    expect(day('2026-03-02T18:00:00Z', 'Asia/Tokyo')).toBe('2026-03-03'); // 03:00 on the 3rd
  });

  it('puts the boundary at 3 AM EDT on the day New York springs forward (2 AM is skipped)', () => {
    expect(day('2026-03-08T06:59:00Z', 'America/New_York')).toBe('2026-03-07'); // 01:59 EST
    expect(day('2026-03-08T07:00:00Z', 'America/New_York')).toBe('2026-03-08'); // 03:00 EDT, one real hour later
  });

  it('puts the boundary at 3 AM EST on the day New York falls back (1 AM happens twice)', () => {
    expect(day('2026-11-01T05:30:00Z', 'America/New_York')).toBe('2026-10-31'); // 01:30 EDT
    expect(day('2026-11-01T06:30:00Z', 'America/New_York')).toBe('2026-10-31'); // 01:30 EST, again
    expect(day('2026-11-01T07:59:00Z', 'America/New_York')).toBe('2026-10-31'); // 02:59 EST
    expect(day('2026-11-01T08:00:00Z', 'America/New_York')).toBe('2026-11-01'); // 03:00 EST
  });

  it('puts the boundary after the repeated hour on the day Berlin falls back (3 AM CEST becomes 2 AM CET)', () => {
    expect(day('2026-10-25T00:59:00Z', 'Europe/Berlin')).toBe('2026-10-24'); // 02:59 CEST
    expect(day('2026-10-25T01:30:00Z', 'Europe/Berlin')).toBe('2026-10-24'); // 02:30 CET, the second time
    expect(day('2026-10-25T02:00:00Z', 'Europe/Berlin')).toBe('2026-10-25'); // 03:00 CET
  });

  it('puts the boundary at the jump on the day Berlin springs forward (2 AM CET becomes 3 AM CEST)', () => {
    expect(day('2026-03-29T00:59:00Z', 'Europe/Berlin')).toBe('2026-03-28'); // 01:59 CET
    expect(day('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('2026-03-29'); // 03:00 CEST
  });

  it('takes another start hour, and refuses a time zone the runtime does not know', () => {
    expect(syncDayOf(Date.parse('2026-03-02T04:30:00Z'), 'UTC', 5)).toBe('2026-03-01');
    expect(() => day('2026-03-02T04:30:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
