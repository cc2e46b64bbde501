import type { DeviceRegistration, SyncTrackingReport } from '@fieldsync/connector-api';

/** A valid registration of `deviceId`, with `overrides`. */
export function registrationOf(deviceId: string, overrides: Partial<Omit<DeviceRegistration, 'deviceId'>> = {}): DeviceRegistration {
  return { deviceId, name: 'Conformance phone', os: 'Android 15', appVersion: '1.4.0', ...overrides };
}

/** A valid sync tracking report of `syncId` (times in canonical UTC, as the bridge stores them), with `overrides`. */
export function syncReportOf(syncId: string, overrides: Partial<SyncTrackingReport> = {}): SyncTrackingReport {
  return {
    syncId,
    startedAt: '2026-01-05T09:00:00.000Z',
    endedAt: '2026-01-05T09:00:04.250Z',
    durationMs: 4250,
    type: 'incremental',
    success: true,
    cancelled: false,
    uploads: 3,
    uploadErrors: 1,
    retries: 2,
    downloaded: 40,
    ...overrides,
  };
}

/** A customization document over `conformanceSchema`: two entities, one setting, no blob store filter. */
export const CONFORMANCE_CUSTOMIZATION = {
  entities: [{ entity: 'account' }, { entity: 'contact' }],
  settings: { MaxSyncCount: 500 },
} as const;
