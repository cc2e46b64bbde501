import type { SharingChanges, SharingChangesRequest } from '@fieldsync/connector-api';
import { decodeRecords } from '../decode/decode-records';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `sharingChanges` query. */
export function sharingChangesRequest(request: SharingChangesRequest): GraphqlRequest {
  return {
    operationName: 'SharingChanges',
    query: `query SharingChanges($entity: String!, $since: String!, $filter: JSON, $fields: [String!]) {
  sharingChanges(entity: $entity, since: $since, filter: $filter, fields: $fields) { gained lost }
}`,
    variables: { entity: request.entity, since: request.since, filter: request.filter ?? null, fields: request.fields ?? null },
  };
}

/** Checks the gained records (of the entity) and the lost ids. */
export function decodeSharingChanges(data: JsonObject, entity: string): SharingChanges {
  const changes = json.object(data.sharingChanges, 'sharingChanges');
  return {
    gained: decodeRecords(changes.gained, entity, Number.MAX_SAFE_INTEGER, 'sharingChanges.gained'),
    lost: json.stringList(changes.lost, 'sharingChanges.lost'),
  };
}
