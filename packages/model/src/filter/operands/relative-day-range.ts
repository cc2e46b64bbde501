import type { FieldType } from '../../schema/field-type';
import type { FilterOperator } from '../filter-operator';

const DAY_MS = 86_400_000;
const MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z: keeps ISO text at four-digit years
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** One end of a range of stored text values. */
export interface RangeBound {
  readonly value: string;
  readonly inclusive: boolean;
}

/** A range of stored values (ISO date-times or `YYYY-MM-DD` days) a relative-date operator selects. */
export interface DayRange {
  readonly lower?: RangeBound;
  readonly upper?: RangeBound;
}

function iso(ms: number): string {
  return new Date(Math.min(MAX_MS, Math.max(MIN_MS, ms))).toISOString();
}

/**
 * The range selected by `last-x-days`, `next-x-days` or `older-than-x-days` at `nowMs`, in UTC days.
 * For a date-time field: last = [start of today - x days, now], next = [now, start of today + x + 1 days),
 * older = before start of today - x days. For a `date` field the same days, compared as `YYYY-MM-DD`:
 * last = [today - x, today], next = [today, today + x], older = before today - x.
 */
export function relativeDayRange(operator: FilterOperator, days: number, fieldType: FieldType, nowMs: number): DayRange {
  const startOfToday = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const back = startOfToday - days * DAY_MS;
  if (fieldType === 'date') {
    const day = (ms: number) => iso(ms).slice(0, 10);
    if (operator === 'last-x-days') return { lower: { value: day(back), inclusive: true }, upper: { value: day(startOfToday), inclusive: true } };
    if (operator === 'next-x-days')
      return { lower: { value: day(startOfToday), inclusive: true }, upper: { value: day(startOfToday + days * DAY_MS), inclusive: true } };
    if (operator === 'older-than-x-days') return { upper: { value: day(back), inclusive: false } };
  } else {
    if (operator === 'last-x-days') return { lower: { value: iso(back), inclusive: true }, upper: { value: iso(nowMs), inclusive: true } };
    if (operator === 'next-x-days')
      return { lower: { value: iso(nowMs), inclusive: true }, upper: { value: iso(startOfToday + (days + 1) * DAY_MS), inclusive: false } };
    if (operator === 'older-than-x-days') return { upper: { value: iso(back), inclusive: false } };
  }
  throw new RangeError(`'${operator}' is not a relative-date operator`);
}

/** The number of days of an x-days condition's value (a number or whole-number text), or NaN. */
export function daysOf(value: unknown): number {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : NaN;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return NaN;
}

/** The day part of a stored or literal date / date-time: its first ten characters. */
export function dayPart(text: string): string {
  // SQLite's substr counts characters (code points), not UTF-16 units.
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count++ === 10) break;
    out += ch;
  }
  return out;
}
