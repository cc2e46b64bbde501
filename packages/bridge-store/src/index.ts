/**
 * @fieldsync/bridge-store: the bridge server's own state (devices, sessions, commands, customizations,
 * sync tracking, logs, settings, sign-in attempts) on kysely, SQLite by default, PostgreSQL by URL.
 */
export type {
  BridgeStore,
  CommandRepository,
  CustomizationRepository,
  DeviceListQuery,
  DevicePage,
  DeviceRepository,
  RetainedTable,
  RetentionRepository,
  SessionRepository,
  SettingsRepository,
  SignInAttemptInput,
  SignInAttemptRepository,
  SignInFailures,
  StoredCommand,
  StoredCommandKind,
  StoredCommandStatus,
  StoredCustomization,
  StoredDevice,
  StoredDeviceState,
  StoredSession,
  StoredSync,
  StoredSyncFiles,
  StoredSyncLog,
  SyncLogRepository,
  SyncTrackingRepository,
} from './api/bridge-store';
export type { OpenBridgeStoreOptions } from './api/open-bridge-store-options';
export { openBridgeStore } from './open-bridge-store';
export { pageSize } from './paging/page-size';
