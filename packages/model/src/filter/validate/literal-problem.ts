import type { FieldSchema } from '../../schema/field-schema';
import { unhandledValueKind, valueKindOf } from '../../schema/field-type-traits';
import type { FilterLiteral } from '../filter-node';
import { canonicalDateTimeLiteral, isDateText } from '../operands/coerce-literal';

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

/** Why a literal does not fit the field's type, or undefined when it fits (text forms of numbers and booleans fit). */
export function literalProblem(field: FieldSchema, literal: FilterLiteral): string | undefined {
  if (typeof literal !== 'string' && typeof literal !== 'number' && typeof literal !== 'boolean')
    return `value must be text, a number or a boolean, got ${show(literal)}`;
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'text':
      return typeof literal === 'string' ? undefined : `value for ${field.type} field '${field.name}' must be text, got ${show(literal)}`;
    case 'whole-number':
      if (typeof literal === 'number' ? Number.isSafeInteger(literal) : typeof literal === 'string' && INTEGER_TEXT.test(literal.trim())) return undefined;
      return `value for ${field.type} field '${field.name}' must be a whole number, got ${show(literal)}`;
    case 'number':
      if (typeof literal === 'number' ? Number.isFinite(literal) : typeof literal === 'string' && NUMBER_TEXT.test(literal.trim())) return undefined;
      return `value for ${field.type} field '${field.name}' must be a number, got ${show(literal)}`;
    case 'boolean':
      if (typeof literal === 'boolean' || literal === 0 || literal === 1 || ['true', 'false', '1', '0'].includes(literal as string)) return undefined;
      return `value for bool field '${field.name}' must be true or false, got ${show(literal)}`;
    case 'date-time':
      return typeof literal === 'string' && canonicalDateTimeLiteral(literal) !== undefined
        ? undefined
        : `value for datetime field '${field.name}' must be an ISO-8601 date-time with a time zone, or a YYYY-MM-DD day, got ${show(literal)}`;
    case 'date':
      return typeof literal === 'string' && isDateText(literal)
        ? undefined
        : `value for date field '${field.name}' must be a YYYY-MM-DD date, got ${show(literal)}`;
    case 'reference':
      return typeof literal === 'string' && literal !== ''
        ? undefined
        : `value for ${field.type} field '${field.name}' must be a record id, got ${show(literal)}`;
    default:
      return unhandledValueKind(kind);
  }
}
