import type { SoqlCondition, SoqlQuery } from '../soql/soql-ast';
import { SoqlError } from '../soql/soql-error';
import type { EmulatorCore, RequestUser } from './emulator-core';

/** The sObject name of the per-record access query. */
export const USER_RECORD_ACCESS = 'UserRecordAccess';

const FIELDS = ['RecordId', 'HasReadAccess', 'HasEditAccess', 'HasDeleteAccess', 'MaxAccessLevel'];
const MAX_RECORD_IDS = 200;

function requireFilter(): SoqlError {
  return new SoqlError(
    'MALFORMED_QUERY',
    `${USER_RECORD_ACCESS}: the WHERE clause must be UserId = '...' AND RecordId = '...' (or RecordId IN (...), at most ${MAX_RECORD_IDS})`,
  );
}

/** The user id and record ids of `WHERE UserId = 'u' AND RecordId IN ('a', 'b')` (either order). */
function filterOf(where: SoqlCondition | undefined): { userId: string; recordIds: string[] } {
  const items = where?.kind === 'and' ? where.items : where ? [where] : [];
  let userId: string | undefined;
  let recordIds: string[] | undefined;
  for (const item of items) {
    const field = item.kind === 'compare' || item.kind === 'in' ? item.field.join('.').toLowerCase() : '';
    if (item.kind === 'compare' && item.op === '=' && item.value.kind === 'string' && field === 'userid') userId = item.value.value;
    else if (item.kind === 'compare' && item.op === '=' && item.value.kind === 'string' && field === 'recordid') recordIds = [item.value.value];
    else if (item.kind === 'in' && !item.negated && field === 'recordid') {
      recordIds = item.values.map((value) => {
        if (value.kind !== 'string') throw requireFilter();
        return value.value;
      });
    } else throw requireFilter();
  }
  if (userId === undefined || recordIds === undefined || recordIds.length > MAX_RECORD_IDS) throw requireFilter();
  return { userId, recordIds };
}

/**
 * `SELECT RecordId, HasReadAccess, HasEditAccess, HasDeleteAccess, MaxAccessLevel FROM UserRecordAccess
 * WHERE UserId = '…' AND RecordId IN (…)`: what the user may do with each record, as crm-store's
 * `recordAccess` judges it (the store's own reads and writes: role depth against the owner, shares
 * grant read only, a QuoteLineItem through its Quote). The queried user must be the signed-in user.
 */
export async function userRecordAccess(core: EmulatorCore, user: RequestUser, query: SoqlQuery): Promise<unknown> {
  const { userId, recordIds } = filterOf(query.where);
  if (userId !== user.session.userId) throw new SoqlError('MALFORMED_QUERY', `${USER_RECORD_ACCESS}: only the signed-in user's access can be queried`);
  const selected = query.fields.map((path) => {
    const name = FIELDS.find((f) => f.toLowerCase() === path.join('.').toLowerCase());
    if (!name) throw new SoqlError('INVALID_FIELD', `No such column '${path.join('.')}' on entity '${USER_RECORD_ACCESS}'.`);
    return name;
  });
  const records: Record<string, unknown>[] = [];
  for (const recordId of recordIds) {
    let read = false;
    let edit = false;
    let remove = false;
    for (const type of user.catalog.types) {
      if (!(await core.store.getAsSystem(type.entity.name, recordId))) continue;
      const privileges = user.permissions.entities[type.entity.name];
      if (privileges && privileges.read !== 'none') {
        const [access] = await core.store.recordAccess(user.principal, type.entity.name, [recordId]);
        read = access.read;
        edit = access.write;
        remove = access.delete;
      }
      break;
    }
    const level = remove && edit ? 'Delete' : edit ? 'Edit' : read ? 'Read' : 'None';
    const values: Record<string, unknown> = { RecordId: recordId, HasReadAccess: read, HasEditAccess: edit, HasDeleteAccess: remove, MaxAccessLevel: level };
    const record: Record<string, unknown> = {
      attributes: { type: USER_RECORD_ACCESS, url: `${core.basePath}/sobjects/${USER_RECORD_ACCESS}/${encodeURIComponent(recordId)}` },
    };
    for (const name of selected) record[name] = values[name];
    records.push(record);
  }
  return { totalSize: records.length, done: true, records };
}
