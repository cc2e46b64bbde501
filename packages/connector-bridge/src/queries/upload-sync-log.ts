import { decodeUserErrors } from '../decode/decode-user-errors';
import { json, type JsonObject } from '../decode/json-reader';
import type { BridgeUserErrorEntry } from '../errors/bridge-user-error';
import type { GraphqlRequest } from '../graphql-client';

/** The `uploadSyncLog` mutation. */
export function uploadSyncLogRequest(syncId: string, text: string): GraphqlRequest {
  return {
    operationName: 'UploadSyncLog',
    query: `mutation UploadSyncLog($syncId: String!, $text: String!) { uploadSyncLog(syncId: $syncId, text: $text) { log { id } userErrors { field message code } } }`,
    variables: { syncId, text },
  };
}

/** Checks the payload: the stored log, or user errors. */
export function decodeUploadSyncLog(data: JsonObject): BridgeUserErrorEntry[] {
  const payload = json.object(data.uploadSyncLog, 'uploadSyncLog');
  const userErrors = decodeUserErrors(payload.userErrors, 'uploadSyncLog.userErrors');
  if (userErrors.length === 0) json.nonEmptyString(json.object(payload.log, 'uploadSyncLog.log').id, 'uploadSyncLog.log.id');
  return userErrors;
}
