import { ContractViolationError } from '@fieldsync/connector-api';
import type { CrmRecord, EntitySchema } from '@fieldsync/model';

/**
 * Checks records the store answered before they reach the caller: at most `limit`, each of `entity`
 * with a text id equal to its primary key field and a text version. Throws `ContractViolationError`
 * naming the first breach.
 */
export function validateRecords(records: readonly CrmRecord[], entity: EntitySchema, limit: number, where: string): void {
  if (!Array.isArray(records)) throw new ContractViolationError('records is not a list', where);
  if (records.length > limit) throw new ContractViolationError(`${records.length} records exceed the page size ${limit}`, where);
  records.forEach((record, index) => {
    const at = `${where}.records[${index}]`;
    if (typeof record !== 'object' || record === null) throw new ContractViolationError('not a record', at);
    if (record.entity !== entity.name) throw new ContractViolationError(`entity '${record.entity}' is not '${entity.name}'`, at);
    if (typeof record.id !== 'string' || record.id.length === 0) throw new ContractViolationError('id is missing', at);
    if (record.fields?.[entity.primaryKey] !== record.id) {
      throw new ContractViolationError(`fields.${entity.primaryKey} differs from id '${record.id}'`, at);
    }
    if (typeof record.version !== 'string') throw new ContractViolationError('version is missing', at);
  });
}
