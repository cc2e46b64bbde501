import type { FilterOperator } from '../filter-operator';

/** Operators that take no value. */
export const NO_VALUE_OPERATORS: readonly FilterOperator[] = ['null', 'not-null', 'eq-userid', 'eq-businessid'];

/** Operators whose value is a list. */
export const LIST_OPERATORS: readonly FilterOperator[] = ['in', 'not-in'];

/** Operators whose value is a whole number of days. */
export const DAYS_OPERATORS: readonly FilterOperator[] = ['last-x-days', 'next-x-days', 'older-than-x-days'];
