/**
 * Every operator a sync filter condition may use. Names follow FetchXML, except
 * `older-than-x-days` (FetchXML spells it `olderthan-x-days`; the parser accepts both).
 *
 * - comparison: `eq ne lt le gt ge`, `in not-in` (value is a list), `like` (`%` and `_` wildcards),
 *   `begins-with`;
 * - presence: `null not-null` (no value);
 * - relative dates against the evaluation clock (value is a whole number of days):
 *   `last-x-days` (from the start of the day x days ago up to now), `next-x-days` (from now to the end
 *   of the day x days ahead), `older-than-x-days` (before the start of the day x days ago);
 * - date: `on-or-after`, `on-or-before` (compare the day part with a `YYYY-MM-DD` value);
 * - identity: `eq-userid`, `eq-businessid` (the current user / business unit; no value).
 */
export type FilterOperator =
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'in'
  | 'not-in'
  | 'like'
  | 'begins-with'
  | 'null'
  | 'not-null'
  | 'last-x-days'
  | 'next-x-days'
  | 'older-than-x-days'
  | 'on-or-after'
  | 'on-or-before'
  | 'eq-userid'
  | 'eq-businessid';

/** Every {@link FilterOperator}. */
export const FILTER_OPERATORS: readonly FilterOperator[] = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'in',
  'not-in',
  'like',
  'begins-with',
  'null',
  'not-null',
  'last-x-days',
  'next-x-days',
  'older-than-x-days',
  'on-or-after',
  'on-or-before',
  'eq-userid',
  'eq-businessid',
];

/** Operators whose result depends on the evaluation clock: a filter using one is time-dependent. */
export const TIME_DEPENDENT_OPERATORS: readonly FilterOperator[] = ['last-x-days', 'next-x-days', 'older-than-x-days'];
