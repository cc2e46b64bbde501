import type { CountRequest, EntityCounts } from '@fieldsync/connector-api';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `count` query. */
export function countRequest(request: CountRequest): GraphqlRequest {
  return {
    operationName: 'Count',
    query: `query Count($entity: String!, $filter: JSON, $since: String) { count(entity: $entity, filter: $filter, since: $since) { matching changedSince deletedSince } }`,
    variables: { entity: request.entity, filter: request.filter ?? null, since: request.since ?? null },
  };
}

/** Checks the counts: `matching` always; `changedSince` and `deletedSince` exactly when asked with `since`. */
export function decodeCount(data: JsonObject, withSince: boolean): EntityCounts {
  const counts = json.object(data.count, 'count');
  const matching = json.count(counts.matching, 'count.matching');
  if (!withSince) return { matching };
  return {
    matching,
    changedSince: json.count(counts.changedSince, 'count.changedSince'),
    deletedSince: json.count(counts.deletedSince, 'count.deletedSince'),
  };
}
