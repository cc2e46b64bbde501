import { ContractViolationError, type RecordPage } from '@fieldsync/connector-api';
import { isEntityReference, unhandledValueKind, valueKindOf, type EntitySchema, type FieldSchema, type FieldValue } from '@fieldsync/model';
import { yieldToEventLoop } from '../scheduling/yield-to-event-loop';

/** Records checked between two turns of the event loop. */
const CHECK_CHUNK = 100;

type ValueCheck = (value: FieldValue) => string | undefined;

function checkFor(field: FieldSchema): ValueCheck {
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'text':
      return (value) =>
        typeof value !== 'string'
          ? 'expected text'
          : field.maxLength !== undefined && value.length > field.maxLength
            ? `longer than ${field.maxLength} characters`
            : undefined;
    case 'date-time':
    case 'date':
      return (value) => (typeof value === 'string' ? undefined : `expected a ${field.type} as ISO-8601 text`);
    case 'whole-number':
      return (value) => (Number.isSafeInteger(value) ? undefined : 'expected a whole number');
    case 'number':
      return (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number');
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? undefined : 'expected true or false');
    case 'reference':
      return (value) => (isEntityReference(value) ? undefined : 'expected a reference { entity, id }');
    default:
      return unhandledValueKind(kind);
  }
}

const checksBySchema = new WeakMap<EntitySchema, ReadonlyMap<string, ValueCheck>>();

/** The value checks of an entity's fields, built once per schema object. */
function checksOf(schema: EntitySchema): ReadonlyMap<string, ValueCheck> {
  let checks = checksBySchema.get(schema);
  if (!checks) {
    checks = new Map(schema.fields.map((field) => [field.name, checkFor(field)]));
    checksBySchema.set(schema, checks);
  }
  return checks;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

/**
 * Checks a page against the contract before anything of it is written: every record of the entity
 * asked for, with a text id equal to its primary key field, and values of the kept fields of the right
 * type (null clears a field); removals with ids. Throws `ContractViolationError` naming the first bad
 * place. Works through a large page in slices, letting the event loop run between them.
 */
export async function validatePage(schema: EntitySchema, page: RecordPage, where: string): Promise<void> {
  if (!page || !Array.isArray(page.records) || !Array.isArray(page.removed) || typeof page.done !== 'boolean') {
    throw new ContractViolationError(`${where}: the page is not { records, removed, nextAnchor, done }`, where);
  }
  if (typeof page.nextAnchor !== 'string') throw new ContractViolationError(`${where}.nextAnchor: missing`, `${where}.nextAnchor`);
  const checks = checksOf(schema);
  for (let start = 0; start < page.records.length; start += CHECK_CHUNK) {
    if (start > 0) await yieldToEventLoop();
    const end = Math.min(page.records.length, start + CHECK_CHUNK);
    for (let index = start; index < end; index += 1) {
      const record = page.records[index];
      const at = `${where}.records[${index}]`;
      if (!record || typeof record.id !== 'string' || record.id === '') throw new ContractViolationError(`${at}.id: missing or not text`, `${at}.id`);
      if (record.entity !== schema.name)
        throw new ContractViolationError(`${at}.entity: expected '${schema.name}', got '${String(record.entity)}'`, `${at}.entity`);
      if (typeof record.fields !== 'object' || record.fields === null) throw new ContractViolationError(`${at}.fields: missing`, `${at}.fields`);
      for (const name in record.fields) {
        const check = checks.get(name);
        const value = record.fields[name];
        if (!check || value === null || value === undefined) continue;
        const problem = name === schema.primaryKey ? (value === record.id ? undefined : 'differs from the record id') : check(value);
        if (problem) throw new ContractViolationError(`${at}.fields.${name}: ${problem}, got ${describe(value)}`, `${at}.fields.${name}`);
      }
    }
  }
  page.removed.forEach((removal, index) => {
    if (!removal || typeof removal.id !== 'string')
      throw new ContractViolationError(`${where}.removed[${index}].id: missing or not text`, `${where}.removed[${index}].id`);
  });
}
