import { ValidationError } from '../errors/validation-error';
import { canonicalDateTime, isIsoDate, parseIsoDateTime } from './canonical-date-time';

describe('canonicalDateTime', () => {
  it.each([
    ['2026-11-22T09:30:00.000Z', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T09:30Z', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T10:30:00+01:00', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T04:00:00-0530', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T09:30:00.1234567Z', '2026-11-22T09:30:00.123Z'],
    ['2026-11-22t09:30:00.5z', '2026-11-22T09:30:00.500Z'],
    ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.000Z'],
    ['2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'],
  ])('turns %s into %s', (input, expected) => {
    expect(canonicalDateTime(input)).toBe(expected);
  });

  it.each([
    '2026-11-22T09:30:00', // no zone
    '2026-11-22',
    '2026-02-30T09:30:00Z',
    '2027-02-29T09:30:00Z',
    '2026-11-22T24:00:00Z',
    '2026-11-22T09:60:00Z',
    '2026-11-22 09:30:00Z',
    'yesterday',
    '',
  ])('refuses %j', (input) => {
    expect(() => canonicalDateTime(input)).toThrow(ValidationError);
    expect(parseIsoDateTime(input)).toBeUndefined();
  });
});

describe('isIsoDate', () => {
  it('accepts real days only', () => {
    expect(isIsoDate('2026-11-22')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-11-22T00:00:00Z')).toBe(false);
    expect(isIsoDate('26-11-22')).toBe(false);
  });
});
