import type { ApiUsage } from '@fieldsync/connector-api';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `apiUsage` query. */
export const apiUsageRequest: GraphqlRequest = { operationName: 'ApiUsage', query: `query ApiUsage { apiUsage }` };

/** Checks the usage figures: calls used, the limit and its window. */
export function decodeApiUsage(data: JsonObject): ApiUsage {
  const usage = json.object(data.apiUsage, 'apiUsage');
  return {
    used: json.count(usage.used, 'apiUsage.used'),
    limit: json.count(usage.limit, 'apiUsage.limit'),
    windowMs: json.count(usage.windowMs, 'apiUsage.windowMs'),
  };
}
