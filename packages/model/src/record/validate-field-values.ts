import type { ValidationIssue } from '../errors/validation-issue';
import type { EntitySchema } from '../schema/entity-schema';
import type { FieldSchema } from '../schema/field-schema';
import { FIELD_TYPE_TRAITS, unhandledValueKind } from '../schema/field-type-traits';
import { OWNER_TARGETS } from '../schema/validate-schema';
import { describeValue, isJsonObject } from '../schema/validate-json';
import { isIsoDate, parseIsoDateTime } from './canonical-date-time';

/** How {@link validateFieldValues} judges a set of field values. */
export interface FieldValuesValidationOptions {
  /** `create`: required fields must have a value; `update`: only the given fields are checked. */
  readonly mode: 'create' | 'update';
  /** Accept values for read-only fields (the server side, a download). @default false */
  readonly allowReadOnly?: boolean;
  /** Path prefix of the issues, e.g. `records[2].fields`. @default 'fields' */
  readonly path?: string;
}

/**
 * Checks field values about to be written to a record of `entity` and returns every problem, each
 * at `fields.<name>`: unknown fields, values of the wrong type or out of the field's options or
 * length, references to entities the lookup may not point to, read-only fields (unless allowed),
 * and, on create, missing required fields. Null clears a field and is valid unless it is required.
 */
export function validateFieldValues(entity: EntitySchema, fields: Readonly<Record<string, unknown>>, options: FieldValuesValidationOptions): ValidationIssue[] {
  const prefix = options.path ?? 'fields';
  const issues: ValidationIssue[] = [];
  if (!isJsonObject(fields)) {
    return [{ path: prefix, message: `must be an object of field values, got ${describeValue(fields)}` }];
  }
  const byName = new Map(entity.fields.map((field) => [field.name, field]));
  for (const [name, value] of Object.entries(fields)) {
    // An undefined property is an absent one, as it would be after a JSON round trip.
    if (value === undefined) continue;
    const path = `${prefix}.${name}`;
    const field = byName.get(name);
    if (!field) {
      issues.push({ path, message: `unknown field '${name}' of entity '${entity.name}'` });
      continue;
    }
    if (field.readOnly === true && options.allowReadOnly !== true) {
      issues.push({ path, message: `field '${name}' is read-only` });
      continue;
    }
    if (value === null) {
      if (field.required === true) issues.push({ path, message: `field '${name}' is required and cannot be cleared` });
      continue;
    }
    const problem = valueProblem(field, value);
    if (problem) issues.push({ path, message: problem });
  }
  if (options.mode === 'create') {
    for (const field of entity.fields) {
      if (field.required === true && fields[field.name] === undefined && (field.readOnly !== true || options.allowReadOnly === true)) {
        issues.push({ path: `${prefix}.${field.name}`, message: `field '${field.name}' is required` });
      }
    }
  }
  return issues;
}

/** What is wrong with a non-null `value` for `field`, or undefined when it fits. */
function valueProblem(field: FieldSchema, value: unknown): string | undefined {
  const { value: kind, hasOptions } = FIELD_TYPE_TRAITS[field.type];
  if (hasOptions) {
    if (!Number.isSafeInteger(value)) return `must be a whole-number option value, got ${describeValue(value)}`;
    const allowed = field.options ?? [];
    return allowed.some((option) => option.value === value)
      ? undefined
      : `${String(value)} is not an option of '${field.name}' (${allowed.map((o) => o.value).join(', ')})`;
  }
  switch (kind) {
    case 'text': {
      if (typeof value !== 'string') return `must be text, got ${describeValue(value)}`;
      const length = [...value].length;
      if (field.maxLength !== undefined && length > field.maxLength) {
        return `is ${length} characters long, more than the maximum of ${field.maxLength}`;
      }
      return undefined;
    }
    case 'whole-number':
      return Number.isSafeInteger(value) ? undefined : `must be a whole number, got ${describeValue(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a finite number, got ${describeValue(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${describeValue(value)}`;
    case 'date-time':
      return typeof value === 'string' && parseIsoDateTime(value) !== undefined
        ? undefined
        : `must be an ISO-8601 date-time with a time zone (2026-11-22T09:30:00.000Z), got ${describeValue(value)}`;
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? undefined : `must be a real date as YYYY-MM-DD, got ${describeValue(value)}`;
    case 'reference': {
      if (!isJsonObject(value) || typeof value.entity !== 'string' || typeof value.id !== 'string' || value.id === '') {
        return `must be a reference { entity, id }, got ${describeValue(value)}`;
      }
      const targets = field.type === 'owner' ? (field.targets ?? OWNER_TARGETS) : (field.targets ?? []);
      return targets.includes(value.entity) ? undefined : `may point to ${targets.map((t) => `'${t}'`).join(' or ')}, not '${value.entity}'`;
    }
    default:
      return unhandledValueKind(kind);
  }
}
