import { parseRetryAfter } from './parse-retry-after';

describe('parseRetryAfter', () => {
  it('reads delay-seconds, whole or fractional', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter(' 0.25 ')).toBe(250);
  });

  it('reads an HTTP-date as the time left until it, never negative', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 08:59:00 GMT', now)).toBe(0);
  });

  it('answers undefined for a missing or unreadable header', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
