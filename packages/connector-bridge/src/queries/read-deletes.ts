import type { DeletesPage, ReadDeletesRequest } from '@fieldsync/connector-api';
import { ContractViolationError } from '@fieldsync/connector-api';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `readDeletes` query for at most `pageSize` deletes. */
export function readDeletesRequest(request: ReadDeletesRequest, pageSize: number): GraphqlRequest {
  return {
    operationName: 'ReadDeletes',
    query: `query ReadDeletes($entity: String!, $since: String!, $cursor: String, $pageSize: Int) {
  readDeletes(entity: $entity, since: $since, cursor: $cursor, pageSize: $pageSize) { deleted { id deletedAt } cursor }
}`,
    variables: { entity: request.entity, since: request.since, cursor: request.cursor ?? null, pageSize },
  };
}

/** Checks a page of deletes: at most `pageSize`, each with an id and an ISO-8601 time; the cursor when there are more. */
export function decodeReadDeletes(data: JsonObject, pageSize: number): DeletesPage {
  const page = json.object(data.readDeletes, 'readDeletes');
  const list = json.array(page.deleted, 'readDeletes.deleted');
  if (list.length > pageSize) throw new ContractViolationError(`${list.length} deletes exceed the page size ${pageSize}`, 'readDeletes.deleted');
  const deleted = list.map((value, index) => {
    const at = `readDeletes.deleted[${index}]`;
    const record = json.object(value, at);
    const deletedAt = json.string(record.deletedAt, `${at}.deletedAt`);
    if (Number.isNaN(Date.parse(deletedAt))) throw new ContractViolationError(`'${deletedAt}' is not an ISO-8601 time`, `${at}.deletedAt`);
    return { id: json.nonEmptyString(record.id, `${at}.id`), deletedAt };
  });
  const cursor = json.optionalString(page.cursor, 'readDeletes.cursor');
  return cursor === undefined ? { deleted } : { deleted, cursor };
}
