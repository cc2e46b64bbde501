import type { FieldSchema } from '../../schema/field-schema';
import type { FilterLiteral } from '../filter-node';
import { canonicalDateTimeLiteral, isDateText } from '../operands/coerce-literal';

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/** Why a literal does not fit the field's type, or undefined when it fits (text forms of numbers and booleans fit). */
export function literalProblem(field: FieldSchema, literal: FilterLiteral): string | undefined {
  if (typeof literal !== 'string' && typeof literal !== 'number' && typeof literal !== 'boolean')
    return `value must be text, a number or a boolean, got ${show(literal)}`;
  switch (field.type) {
    case 'string':
    case 'memo':
      return typeof literal === 'string' ? undefined : `value for ${field.type} field '${field.name}' must be text, got ${show(literal)}`;
    case 'int':
    case 'picklist':
    case 'state':
    case 'status':
      if (typeof literal === 'number' ? Number.isSafeInteger(literal) : typeof literal === 'string' && INTEGER_TEXT.test(literal.trim()))
        return undefined;
      return `value for ${field.type} field '${field.name}' must be a whole number, got ${show(literal)}`;
    case 'decimal':
    case 'money':
      if (typeof literal === 'number' ? Number.isFinite(literal) : typeof literal === 'string' && NUMBER_TEXT.test(literal.trim()))
        return undefined;
      return `value for ${field.type} field '${field.name}' must be a number, got ${show(literal)}`;
    case 'bool':
      if (typeof literal === 'boolean' || literal === 0 || literal === 1 || ['true', 'false', '1', '0'].includes(literal as string))
        return undefined;
      return `value for bool field '${field.name}' must be true or false, got ${show(literal)}`;
    case 'datetime':
      return typeof literal === 'string' && canonicalDateTimeLiteral(literal) !== undefined
        ? undefined
        : `value for datetime field '${field.name}' must be an ISO-8601 date-time with a time zone, or a YYYY-MM-DD day, got ${show(literal)}`;
    case 'date':
      return typeof literal === 'string' && isDateText(literal)
        ? undefined
        : `value for date field '${field.name}' must be a YYYY-MM-DD date, got ${show(literal)}`;
    case 'lookup':
    case 'owner':
      return typeof literal === 'string' && literal !== ''
        ? undefined
        : `value for ${field.type} field '${field.name}' must be a record id, got ${show(literal)}`;
    default:
      return undefined;
  }
}
