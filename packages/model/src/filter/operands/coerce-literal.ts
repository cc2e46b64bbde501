import { isIsoDate, parseIsoDateTime } from '../../record/canonical-date-time';
import type { FieldSchema } from '../../schema/field-schema';
import { unhandledValueKind, valueKindOf } from '../../schema/field-type-traits';
import type { FilterLiteral } from '../filter-node';

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isDateText(text: string): boolean {
  return isIsoDate(text);
}

/**
 * The canonical ISO text (`2026-11-22T09:30:00.000Z`) of a date-time literal with a time zone (see
 * decision 026) or of a bare `YYYY-MM-DD` day (its UTC midnight); undefined for anything else.
 */
export function canonicalDateTimeLiteral(text: string): string | undefined {
  if (isIsoDate(text)) return `${text}T00:00:00.000Z`;
  const time = parseIsoDateTime(text);
  return time === undefined ? undefined : new Date(time).toISOString();
}

/**
 * The operand a literal stands for when compared with `field`, in the form the field is stored in
 * SQL: numbers for numeric and boolean (1/0) fields, canonical ISO text for date-times, text
 * otherwise. A literal that does not fit the field is returned as it is (validation reports it);
 * the SQL compiler and the evaluator both use this, so they agree on every input.
 */
export function coerceLiteral(field: FieldSchema, literal: FilterLiteral): string | number {
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'whole-number':
    case 'number':
      if (typeof literal === 'boolean') return literal ? 1 : 0;
      if (typeof literal === 'string' && NUMBER_TEXT.test(literal.trim())) return Number(literal.trim());
      return literal as string | number;
    case 'boolean':
      if (typeof literal === 'boolean') return literal ? 1 : 0;
      if (literal === 'true' || literal === '1') return 1;
      if (literal === 'false' || literal === '0') return 0;
      return literal as string | number;
    case 'date-time':
      if (typeof literal === 'string') return canonicalDateTimeLiteral(literal) ?? literal;
      return String(literal);
    case 'text':
    case 'date':
    case 'reference':
      return typeof literal === 'string' ? literal : String(literal);
    default:
      return unhandledValueKind(kind);
  }
}

/** The literal operands of a condition as a list (a scalar becomes a list of one). */
export function literalList(value: FilterLiteral | readonly FilterLiteral[] | undefined): readonly FilterLiteral[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as FilterLiteral];
}
