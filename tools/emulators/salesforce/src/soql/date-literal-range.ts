import type { SoqlDateLiteral } from './soql-ast';

const DAY = 86_400_000;

function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

/**
 * The half-open range `[start, end)` in ms a relative date literal covers at `now`, in UTC days;
 * weeks start on Sunday. `LAST_N_DAYS:n` is the last n days and today, `NEXT_N_DAYS:n` the n days
 * after today.
 */
export function dateLiteralRange(literal: SoqlDateLiteral, now: number): { start: number; end: number } {
  const today = Math.floor(now / DAY) * DAY;
  const week = today - new Date(today).getUTCDay() * DAY;
  const month = addMonths(today, 0);
  const year = Date.UTC(new Date(today).getUTCFullYear(), 0, 1);
  const yearAt = (offset: number) => Date.UTC(new Date(today).getUTCFullYear() + offset, 0, 1);
  const n = literal.n ?? 0;
  switch (literal.name) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'THIS_WEEK':
      return { start: week, end: week + 7 * DAY };
    case 'LAST_WEEK':
      return { start: week - 7 * DAY, end: week };
    case 'NEXT_WEEK':
      return { start: week + 7 * DAY, end: week + 14 * DAY };
    case 'THIS_MONTH':
      return { start: month, end: addMonths(month, 1) };
    case 'LAST_MONTH':
      return { start: addMonths(month, -1), end: month };
    case 'NEXT_MONTH':
      return { start: addMonths(month, 1), end: addMonths(month, 2) };
    case 'THIS_YEAR':
      return { start: year, end: yearAt(1) };
    case 'LAST_YEAR':
      return { start: yearAt(-1), end: year };
    case 'NEXT_YEAR':
      return { start: yearAt(1), end: yearAt(2) };
    case 'LAST_N_DAYS':
      return { start: today - n * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return { start: today + DAY, end: today + (n + 1) * DAY };
    case 'N_DAYS_AGO':
      return { start: today - n * DAY, end: today - (n - 1) * DAY };
    case 'LAST_N_WEEKS':
      return { start: week - 7 * n * DAY, end: week };
    case 'NEXT_N_WEEKS':
      return { start: week + 7 * DAY, end: week + 7 * (n + 1) * DAY };
    case 'LAST_N_MONTHS':
      return { start: addMonths(month, -n), end: month };
    case 'NEXT_N_MONTHS':
      return { start: addMonths(month, 1), end: addMonths(month, n + 1) };
    default:
      throw new Error(`unknown date literal ${literal.name}`);
  }
}
