import type { FieldSchema } from '../../schema/field-schema';
import type { FilterLiteral } from '../filter-node';

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isDateText(text: string): boolean {
  const match = DATE_TEXT.exec(text);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/**
 * The canonical ISO text (`2026-11-22T09:30:00.000Z`) of a date or date-time literal, or undefined
 * when it is not one. A date-time without a zone is taken as UTC; a bare date is its UTC midnight.
 */
export function canonicalDateTime(text: string): string | undefined {
  if (isDateText(text)) return `${text}T00:00:00.000Z`;
  const match = DATETIME_TEXT.exec(text);
  if (!match || !isDateText(text.slice(0, 10))) return undefined;
  const [, , , , hh, mm, ss = '00', fraction = '', zone = 'Z'] = match;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  const millis = (fraction + '000').slice(0, 3);
  const ms = Date.parse(`${text.slice(0, 10)}T${hh}:${mm}:${ss}.${millis}${zone}`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * The operand a literal stands for when compared with `field`, in the form the field is stored in
 * SQL: numbers for numeric and boolean (1/0) fields, canonical ISO text for date-times, text
 * otherwise. A literal that does not fit the field is returned as it is (validation reports it);
 * the SQL compiler and the evaluator both use this, so they agree on every input.
 */
export function coerceLiteral(field: FieldSchema, literal: FilterLiteral): string | number {
  switch (field.type) {
    case 'int':
    case 'decimal':
    case 'money':
    case 'picklist':
    case 'state':
    case 'status':
      if (typeof literal === 'boolean') return literal ? 1 : 0;
      if (typeof literal === 'string' && NUMBER_TEXT.test(literal.trim())) return Number(literal.trim());
      return literal as string | number;
    case 'bool':
      if (typeof literal === 'boolean') return literal ? 1 : 0;
      if (literal === 'true' || literal === '1') return 1;
      if (literal === 'false' || literal === '0') return 0;
      return literal as string | number;
    case 'datetime':
      if (typeof literal === 'string') return canonicalDateTime(literal) ?? literal;
      return String(literal);
    default:
      return typeof literal === 'string' ? literal : String(literal);
  }
}

/** The literal operands of a condition as a list (a scalar becomes a list of one). */
export function literalList(value: FilterLiteral | readonly FilterLiteral[] | undefined): readonly FilterLiteral[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as FilterLiteral];
}
