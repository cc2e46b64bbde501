import type { EntitySchema } from '../schema/entity-schema';
import { isJsonObject } from '../schema/validate-json';
import { canonicalDateTime, parseIsoDateTime } from './canonical-date-time';
import type { FieldValue, FieldValues } from './field-value';

/** Digits after the decimal point of a decimal or money field without a declared precision. */
export const DEFAULT_DECIMAL_PRECISION = 2;

/**
 * Returns field values in the form Fieldsync stores: date-times as canonical UTC
 * (`2026-11-22T09:30:00.000Z`), decimal and money rounded to the field's precision, references
 * reduced to `{ entity, id }`. Call it after {@link validateFieldValues}: values that do not fit
 * their field, and unknown fields, are passed through unchanged.
 */
export function normalizeFieldValues(entity: EntitySchema, fields: Readonly<Record<string, unknown>>): FieldValues {
  const byName = new Map(entity.fields.map((field) => [field.name, field]));
  const result: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    const field = byName.get(name);
    let normalized = value;
    if (field && value !== null) {
      if (field.type === 'datetime' && typeof value === 'string' && parseIsoDateTime(value) !== undefined) {
        normalized = canonicalDateTime(value);
      } else if ((field.type === 'decimal' || field.type === 'money') && typeof value === 'number' && Number.isFinite(value)) {
        normalized = roundTo(value, field.precision ?? DEFAULT_DECIMAL_PRECISION);
      } else if ((field.type === 'lookup' || field.type === 'owner') && isJsonObject(value)) {
        normalized = { entity: value.entity, id: value.id };
      }
    }
    result[name] = normalized as FieldValue;
  }
  return result;
}

function roundTo(value: number, digits: number): number {
  const sign = value < 0 ? -1 : 1;
  const magnitude = Math.abs(value);
  // Round through the decimal text so that 1.005 rounds to 1.01 as a person would expect; tiny or
  // huge numbers print with an exponent, and for them plain arithmetic is as good as it gets.
  const text = String(magnitude);
  const rounded = text.includes('e') ? Math.round(magnitude * 10 ** digits) / 10 ** digits : Number(`${Math.round(Number(`${text}e${digits}`))}e-${digits}`);
  return rounded === 0 ? 0 : sign * rounded;
}
