import type { FilterOperator } from '../filter-operator';

/** FetchXML operator spellings accepted by the parser, by the operator they stand for. */
const FROM_FETCH_XML: Readonly<Record<string, FilterOperator>> = {
  eq: 'eq',
  ne: 'ne',
  neq: 'ne',
  lt: 'lt',
  le: 'le',
  gt: 'gt',
  ge: 'ge',
  in: 'in',
  'not-in': 'not-in',
  like: 'like',
  'begins-with': 'begins-with',
  null: 'null',
  'not-null': 'not-null',
  'last-x-days': 'last-x-days',
  'next-x-days': 'next-x-days',
  'olderthan-x-days': 'older-than-x-days',
  'older-than-x-days': 'older-than-x-days',
  'on-or-after': 'on-or-after',
  'on-or-before': 'on-or-before',
  'eq-userid': 'eq-userid',
  'eq-businessid': 'eq-businessid',
};

/** The operator a FetchXML `operator` attribute names, or undefined when it is not supported. */
export function operatorFromFetchXml(name: string): FilterOperator | undefined {
  return Object.prototype.hasOwnProperty.call(FROM_FETCH_XML, name) ? FROM_FETCH_XML[name] : undefined;
}

/** How FetchXML spells an operator (`older-than-x-days` is `olderthan-x-days`). */
export function operatorToFetchXml(operator: FilterOperator): string {
  return operator === 'older-than-x-days' ? 'olderthan-x-days' : operator;
}
