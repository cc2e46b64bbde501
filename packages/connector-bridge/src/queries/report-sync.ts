import type { SyncTrackingReport } from '@fieldsync/connector-api';
import { decodeUserErrors } from '../decode/decode-user-errors';
import { json, type JsonObject } from '../decode/json-reader';
import type { BridgeUserErrorEntry } from '../errors/bridge-user-error';
import type { GraphqlRequest } from '../graphql-client';

/**
 * The `reportSync` mutation; the sync types `upload-only` and `apply-update` travel as the enum values
 * `upload_only` and `apply_update`, the Refresh Mode `non-blocking` as `non_blocking`.
 */
export function reportSyncRequest(report: SyncTrackingReport): GraphqlRequest {
  return {
    operationName: 'ReportSync',
    query: `mutation ReportSync($input: SyncTrackingInput!) { reportSync(input: $input) { sync { id syncId } userErrors { field message code } } }`,
    variables: {
      input: {
        syncId: report.syncId,
        startedAt: report.startedAt,
        endedAt: report.endedAt,
        durationMs: report.durationMs,
        type: report.type.replace('-', '_'),
        success: report.success,
        cancelled: report.cancelled,
        uploads: report.uploads,
        uploadErrors: report.uploadErrors,
        retries: report.retries,
        downloaded: report.downloaded,
        error: report.error ?? null,
        ...(report.refreshMode ? { refreshMode: report.refreshMode.replace('-', '_') } : {}),
        ...(report.files ? { files: { ...report.files } } : {}),
      },
    },
  };
}

/** Checks the payload: the stored tracking record (of this sync), or user errors. */
export function decodeReportSync(data: JsonObject, syncId: string): BridgeUserErrorEntry[] {
  const payload = json.object(data.reportSync, 'reportSync');
  const userErrors = decodeUserErrors(payload.userErrors, 'reportSync.userErrors');
  if (userErrors.length === 0) {
    const sync = json.object(payload.sync, 'reportSync.sync');
    json.oneOf(sync.syncId, [syncId], 'reportSync.sync.syncId');
  }
  return userErrors;
}
