import type { ReadPageRequest, RecordPage, RemovalReason, RemovedRecord } from '@fieldsync/connector-api';
import { toAnchor } from '@fieldsync/model';
import { decodeRecordTable } from '../decode/decode-record-table';
import { decodeRecords } from '../decode/decode-records';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

const REASONS: readonly RemovalReason[] = ['deleted', 'no-access', 'filter'];

/**
 * The `readPage` query for `pageSize` records (already cut to the connector's maximum), the records
 * as columns (`table`, decision 157) or, from a bridge that has no `table`, one object each (`records`).
 */
export function readPageRequest(request: ReadPageRequest, pageSize: number, format: 'table' | 'records' = 'table'): GraphqlRequest {
  return {
    operationName: 'ReadPage',
    query: `query ReadPage($entity: String!, $anchor: String, $fields: [String!], $filter: JSON, $pageSize: Int!) {
  readPage(entity: $entity, anchor: $anchor, fields: $fields, filter: $filter, pageSize: $pageSize) { ${format} removed { id reason } nextAnchor done }
}`,
    variables: {
      entity: request.entity,
      anchor: request.anchor ?? null,
      fields: request.fields ?? null,
      filter: request.filter ?? null,
      pageSize,
    },
  };
}

/** Checks a page: at most `pageSize` records of the entity, removals with a known reason, a next anchor. */
export function decodeReadPage(data: JsonObject, entity: string, pageSize: number): RecordPage {
  const page = json.object(data.readPage, 'readPage');
  const records =
    page.table === undefined
      ? decodeRecords(page.records, entity, pageSize, 'readPage.records')
      : decodeRecordTable(page.table, entity, pageSize, 'readPage.table');
  const removed = json.array(page.removed, 'readPage.removed').map((value, index): RemovedRecord => {
    const at = `readPage.removed[${index}]`;
    const removal = json.object(value, at);
    return { id: json.nonEmptyString(removal.id, `${at}.id`), reason: json.oneOf(removal.reason, REASONS, `${at}.reason`) };
  });
  return {
    records,
    removed,
    nextAnchor: toAnchor(json.nonEmptyString(page.nextAnchor, 'readPage.nextAnchor')),
    done: json.boolean(page.done, 'readPage.done'),
  };
}
