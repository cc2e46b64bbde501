import type { CrmConnector } from '@fieldsync/connector-api';
import { DeviceOfflineError } from '../errors/device-errors';

/**
 * A connector for the device commands that never call the server (`records`, `errors`, `resolve`,
 * `status`, `log`): `openSyncEngine` needs one, and every call it could make throws
 * {@link DeviceOfflineError} instead of reaching a backend.
 */
export function createOfflineConnector(): CrmConnector {
  const refuse = (operation: string) => async (): Promise<never> => {
    throw new DeviceOfflineError(operation);
  };
  return {
    name: 'offline',
    capabilities: Object.freeze({
      maxBatchSize: 1,
      maxPageSize: 1,
      clientAssignedIds: true,
      sharedRecords: false,
      visibilityChanges: false,
      fieldLevelSecurity: false,
      attachments: false,
      attachmentRanges: false,
      deletesRetentionDays: 0,
    }),
    signIn: refuse('signIn'),
    refreshSession: refuse('refreshSession'),
    whoAmI: refuse('whoAmI'),
    describe: refuse('describe'),
    count: refuse('count'),
    readPage: refuse('readPage'),
    readDeletes: refuse('readDeletes'),
    writeBatch: refuse('writeBatch'),
    permissions: refuse('permissions'),
    apiUsage: refuse('apiUsage'),
    close: async () => undefined,
  };
}
