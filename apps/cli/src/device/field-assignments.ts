import { UnknownFieldError, isReferenceType, unhandledValueKind, valueKindOf, type EntitySchema, type FieldSchema, type FieldValue } from '@fieldsync/model';
import { InvalidFieldValueError } from '../errors/device-errors';

/** Targets an `owner` field may point to when its schema names none. */
const OWNER_TARGETS = ['systemuser', 'team'];

const WHOLE_NUMBER = /^[-+]?\d+$/;
const DECIMAL_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Turns `name=value` arguments into field values of `entity`, by each field's type: numbers for
 * int/decimal/money/picklist/state/status, `true`/`false` for bool, `entity:id` for lookups and owners
 * (a bare id when the lookup has one target), text otherwise; `null` clears a field. Throws
 * `UnknownFieldError` for a field the device does not have and {@link InvalidFieldValueError} for a
 * malformed argument, a field named twice or a value of the wrong type. Lengths, options and required
 * fields are left to the engine's own validation.
 * @example parseFieldAssignments(account, ['name=Acme', 'revenue=1200.5', 'parentaccountid=account:5f0c…'])
 */
export function parseFieldAssignments(entity: EntitySchema, assignments: readonly string[]): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new InvalidFieldValueError(assignment, 'expected name=value');
    const name = assignment.slice(0, equals).trim();
    const text = assignment.slice(equals + 1);
    const field = entity.fields.find((candidate) => candidate.name === name);
    if (!field) throw new UnknownFieldError(entity.name, name, `fields.${name}`);
    if (Object.prototype.hasOwnProperty.call(fields, name)) throw new InvalidFieldValueError(assignment, `field '${name}' is given twice`, name);
    fields[name] = text === 'null' ? null : convertValue(field, text, assignment);
  }
  return fields;
}

function convertValue(field: FieldSchema, text: string, assignment: string): FieldValue {
  const fail = (expected: string): never => {
    throw new InvalidFieldValueError(assignment, `field '${field.name}' (${field.type}) expects ${expected}, got '${text}'`, field.name);
  };
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'text':
    case 'date-time':
    case 'date':
      return text;
    case 'whole-number': {
      const value = WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
      return Number.isSafeInteger(value) ? value : fail('a whole number');
    }
    case 'number': {
      const value = DECIMAL_NUMBER.test(text) ? Number(text) : Number.NaN;
      return Number.isFinite(value) ? value : fail('a number');
    }
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      return fail('true or false');
    case 'reference':
      return convertReference(field, text, fail);
    default:
      return unhandledValueKind(kind);
  }
}

function convertReference(field: FieldSchema, text: string, fail: (expected: string) => never): FieldValue {
  const targets = field.targets ?? (isReferenceType(field.type) && field.type === 'owner' ? OWNER_TARGETS : []);
  const colon = text.indexOf(':');
  const expected = `entity:id with entity ${targets.map((target) => `'${target}'`).join(' or ')}`;
  if (colon < 0) {
    // A lookup with one possible target needs no entity name.
    if (targets.length === 1 && text !== '') return { entity: targets[0], id: text };
    return fail(expected);
  }
  const entity = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!targets.includes(entity) || id === '') return fail(expected);
  return { entity, id };
}
