import { ValidationError } from '../errors/validation-error';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Milliseconds since the epoch of an ISO-8601 date-time that names its time zone (`Z` or `±hh:mm`),
 * or undefined when the text is not one or names an impossible date or time. Fractions finer than
 * a millisecond are truncated.
 */
export function parseIsoDateTime(value: string): number | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = match;
  if (!isRealDate(Number(year), Number(month), Number(day))) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const time = date.getTime() - offsetMinutes * 60_000;
  const utcYear = new Date(time).getUTCFullYear();
  return utcYear >= 0 && utcYear <= 9999 ? time : undefined;
}

/** True for a `YYYY-MM-DD` text naming a real day of the (proleptic Gregorian) calendar. */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * The canonical form Fieldsync stores every date-time in: UTC with milliseconds,
 * `2026-11-22T09:30:00.000Z`. Throws {@link ValidationError} when `value` is not an ISO-8601
 * date-time with a time zone.
 * @example canonicalDateTime('2026-11-22T10:30+01:00') // '2026-11-22T09:30:00.000Z'
 */
export function canonicalDateTime(value: string): string {
  const time = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
  if (time === undefined) {
    throw new ValidationError('datetime', [{ path: 'value', message: `not an ISO-8601 date-time with a time zone: ${JSON.stringify(value)}` }]);
  }
  return new Date(time).toISOString();
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}
