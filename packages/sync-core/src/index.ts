/**
 * @fieldsync/sync-core: the device sync engine. A mobile app (or the `fieldsync device` CLI) opens a
 * device database, opens the local database over it (`openLocalDatabase`: records, errors, status,
 * offline), connects it to a `CrmConnector` (`local.connect({ connector, channel })`) and calls
 * `engine.sync()`; `openSyncEngine` does both in one call.
 */
export * from './errors/sync-core-errors';
export * from './errors/device-control-errors';
export * from './errors/customization-update-errors';
export * from './local-store/local-db';
export * from './local-store/verify-device-database';
export * from './local-store/local-schema';
export * from './local-store/read-device-schema';
export { SYSTEM_TABLES, LOCAL_FORMAT } from './local-store/system-tables';
export * from './changes/change-kind';
export * from './writes/device-records';
export * from './writes/write-gate';
export * from './upload/sync-error-store';
export type { SyncErrorResolution } from './upload/resolve-sync-error';
export * from './download/analyze-entity';
export type { EntityDownloadFigures } from './download/download-context';
export * from './engine/sync-reporter';
export * from './engine/sync-result';
export * from './engine/device-status';
export * from './engine/sync-engine-options';
export * from './engine/sync-engine';
export { openSyncEngine } from './engine/open-sync-engine';
export { LocalDatabase, openLocalDatabase } from './local-database/local-database';
export type { LocalDatabaseOptions } from './local-database/local-database-options';
export type { SyncLogEntry } from './local-database/sync-log-entry';
export { SyncRun } from './run/sync-run';
export type { SyncPhaseName } from './run/sync-phase';
export type { SyncRunState, SyncEnding, SyncFigures } from './run/sync-run-state';
export { compareAppVersions, isAppVersion } from './customization-update/compare-app-versions';
export type { MigrationStep } from './customization-update/migrate-local-schema';
export type { SyncPoint, SyncPointHook, SyncPointName } from './engine/sync-point';
export { SyncScheduler } from './scheduler/sync-scheduler';
export type { SyncSchedulerEvents, RefreshOutcome } from './scheduler/sync-scheduler';
export { SYNC_SCHEDULER_DEFAULTS } from './scheduler/sync-scheduler-options';
export type { SyncSchedulerOptions, RefreshWhileRunning } from './scheduler/sync-scheduler-options';
export type { ScheduledSyncTarget } from './scheduler/scheduled-sync-target';
export type { SchedulerHost, SchedulerHostEvent } from './scheduler/scheduler-host';
export type { SchedulerStatus, SchedulerState, SchedulerGuardReason, ScheduledSyncReason } from './scheduler/scheduler-status';
export { createInMemorySchedulerMemory } from './scheduler/scheduler-memory';
export type { SchedulerMemory, SchedulerMemoryState, UnfinishedRun } from './scheduler/scheduler-memory';
export { syncDayOf, SYNC_DAY_START_HOUR } from './scheduler/sync-day';
export { isConnectionFailure, CONNECTION_FAILURE_CODES } from './scheduler/connection-failure';
export type { BackgroundHost, BackgroundTask, BackgroundTaskContext, BackgroundTaskRequest, BackgroundRegistration, BackgroundCompletion } from './scheduler/background-host';
export { createBackgroundSyncTask } from './scheduler/background-sync-task';
export type { BackgroundSyncTaskOptions } from './scheduler/background-sync-task';
export { createNodeTimerBackgroundHost } from './scheduler/node-timer-background-host';
export type { NodeTimerBackgroundHost, NodeTimerBackgroundHostOptions, BackgroundRun } from './scheduler/node-timer-background-host';
