import { ContractViolationError, type RecordPage } from '@fieldsync/connector-api';
import { validateFieldValues, type EntitySchema } from '@fieldsync/model';

/**
 * Checks a page against the contract before anything of it is written: every record of the entity
 * asked for, with a text id equal to its primary key field, and field values that fit the schema;
 * removals with ids. Throws `ContractViolationError` naming the first bad place.
 */
export function validatePage(schema: EntitySchema, page: RecordPage, where: string): void {
  if (!page || !Array.isArray(page.records) || !Array.isArray(page.removed) || typeof page.done !== 'boolean') {
    throw new ContractViolationError(`${where}: the page is not { records, removed, nextAnchor, done }`, where);
  }
  if (typeof page.nextAnchor !== 'string') throw new ContractViolationError(`${where}.nextAnchor: missing`, `${where}.nextAnchor`);
  page.records.forEach((record, index) => {
    const at = `${where}.records[${index}]`;
    if (!record || typeof record.id !== 'string' || record.id === '') throw new ContractViolationError(`${at}.id: missing or not text`, `${at}.id`);
    if (record.entity !== schema.name) throw new ContractViolationError(`${at}.entity: expected '${schema.name}', got '${String(record.entity)}'`, `${at}.entity`);
    if (typeof record.fields !== 'object' || record.fields === null) throw new ContractViolationError(`${at}.fields: missing`, `${at}.fields`);
    const key = record.fields[schema.primaryKey];
    if (key !== undefined && key !== record.id) throw new ContractViolationError(`${at}.fields.${schema.primaryKey}: differs from the record id`, `${at}.fields.${schema.primaryKey}`);
    const known = new Set(schema.fields.map((field) => field.name));
    const mine = Object.fromEntries(Object.entries(record.fields).filter(([name]) => known.has(name)));
    const issues = validateFieldValues(schema, mine, { mode: 'update', allowReadOnly: true, path: `${at}.fields` });
    if (issues.length > 0) throw new ContractViolationError(`${issues[0].path}: ${issues[0].message}`, issues[0].path);
  });
  page.removed.forEach((removal, index) => {
    if (!removal || typeof removal.id !== 'string') throw new ContractViolationError(`${where}.removed[${index}].id: missing or not text`, `${where}.removed[${index}].id`);
  });
}
