import type { FilterOperator } from '../filter/filter-operator';
import type { SqliteColumnType } from '../sql/sqlite-column-type';
import type { FieldType } from './field-type';

/**
 * The shape of a field's value, which every conversion and check of a value is decided by:
 * `text` (string, memo), `whole-number` (int and the option types), `number` (decimal, money),
 * `boolean`, `date-time` (an instant as ISO text), `date` (a `YYYY-MM-DD` day) and `reference`
 * (`{ entity, id }`: lookup, owner). Code that converts or checks values switches on this, with a
 * `never` default, so that a new kind is a compile error wherever it is not handled.
 */
export type FieldValueKind = 'text' | 'whole-number' | 'number' | 'boolean' | 'date-time' | 'date' | 'reference';

/** What the code decides by a field's type, in one record per {@link FieldType} (see {@link FIELD_TYPE_TRAITS}). */
export interface FieldTypeTraits {
  /** The shape of the field's value. */
  readonly value: FieldValueKind;
  /** The declared SQLite type of the field's (first) column; a reference's `_target` column is always TEXT. */
  readonly sqliteColumn: SqliteColumnType;
  /** The filter operators a condition on the field may use (a reference adds `eq-userid`/`eq-businessid` by its targets). */
  readonly operators: readonly FilterOperator[];
  /** The field holds one of its declared `options` (picklist, state, status). */
  readonly hasOptions: boolean;
}

const COMPARE: readonly FilterOperator[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'not-in', 'null', 'not-null'];
const EQUALITY: readonly FilterOperator[] = ['eq', 'ne', 'in', 'not-in', 'null', 'not-null'];
const TEXT_OPERATORS: readonly FilterOperator[] = [...COMPARE, 'like', 'begins-with'];
const DAY_OPERATORS: readonly FilterOperator[] = [...COMPARE, 'last-x-days', 'next-x-days', 'older-than-x-days', 'on-or-after', 'on-or-before'];

const text = { value: 'text', sqliteColumn: 'TEXT', operators: TEXT_OPERATORS, hasOptions: false } as const;
const wholeNumber = { value: 'whole-number', sqliteColumn: 'INTEGER', operators: COMPARE, hasOptions: false } as const;
const option = { ...wholeNumber, hasOptions: true } as const;
const decimal = { value: 'number', sqliteColumn: 'REAL', operators: COMPARE, hasOptions: false } as const;
const reference = { value: 'reference', sqliteColumn: 'TEXT', operators: EQUALITY, hasOptions: false } as const;

/**
 * The traits of every field type (decision 124). Typed as a `Record` over {@link FieldType}, so that a
 * new field type does not compile until it has its row here (and in every per-backend table keyed
 * by field type, such as the emulators' wire types).
 */
export const FIELD_TYPE_TRAITS: Readonly<Record<FieldType, FieldTypeTraits>> = Object.freeze({
  string: text,
  memo: text,
  int: wholeNumber,
  decimal,
  money: decimal,
  bool: { value: 'boolean', sqliteColumn: 'INTEGER', operators: EQUALITY, hasOptions: false },
  datetime: { value: 'date-time', sqliteColumn: 'TEXT', operators: DAY_OPERATORS, hasOptions: false },
  date: { value: 'date', sqliteColumn: 'TEXT', operators: DAY_OPERATORS, hasOptions: false },
  lookup: reference,
  owner: reference,
  picklist: option,
  state: option,
  status: option,
});

/** The shape of a value of `type` (see {@link FieldValueKind}). */
export function valueKindOf(type: FieldType): FieldValueKind {
  return FIELD_TYPE_TRAITS[type].value;
}

/** For the `never` default of a switch over {@link FieldValueKind}: a kind the switch does not handle. */
export function unhandledValueKind(kind: never): never {
  throw new Error(`unhandled field value kind '${String(kind)}'`);
}
