/**
 * @fieldsync/sync-core: the device sync engine. A mobile app (or the `fieldsync device` CLI) opens a
 * device database, opens the local database over it (`openLocalDatabase`: records, errors, status,
 * offline), connects it to a `CrmConnector` (`local.connect({ connector, channel })`) and calls
 * `engine.sync()`; `openSyncEngine` does both in one call.
 */
export { compareAppVersions } from './customization-update/compare-app-versions';
export type { MigrationStep } from './customization-update/migrate-local-schema';
export type { AnalyzerDecision, DownloadMode } from './download/analyze-entity';
export type { EntityDownloadFigures } from './download/download-context';
export type { AppliedUpdate } from './apply/apply-update';
export type { RebaseFigures } from './apply/rebase-local-edits';
export type { DeviceStatus, EntityStatus, PendingCustomizationStatus, StagedUpdateStatus, SyncEngineStatus } from './engine/device-status';
export { authErrorKindOf, deriveSyncState, updatesAgeOf } from './engine/sync-state';
export type { AuthErrorKind, SyncState, SyncStateInput, SyncStateKind, UpdatesAge } from './engine/sync-state';
export { NoStagedUpdateError } from './errors/apply-update-errors';
export type { StagedUpdateCounts } from './staging/staged-update';
export { SignInRequiredError } from './errors/refresh-mode-errors';
export type { RefreshMode, RefreshModeStatus, RefreshModeToggle } from './refresh-mode/refresh-mode';
export { openSyncEngine } from './engine/open-sync-engine';
export type { SyncConnectionOptions, SyncEngineOptions, SyncOptions } from './engine/sync-engine-options';
export { SyncEngine } from './engine/sync-engine';
export type { SyncPoint, SyncPointHook, SyncPointName } from './engine/sync-point';
export type { SyncProgress, SyncStep, SyncWarning } from './engine/sync-reporter';
export type { CustomizationUpdateOutcome, StepFigures, SyncKind, SyncResult } from './engine/sync-result';
export { DeviceLockedError } from './errors/device-control-errors';
export {
  DeviceNotInitializedError,
  EntityNotSyncedError,
  ForeignDatabaseError,
  IncompatibleLocalSchemaError,
  LocalPermissionError,
  LocalRecordNotFoundError,
  LocalValidationError,
  SyncInProgressError,
} from './errors/sync-core-errors';
export type { LocalDatabaseOptions } from './local-database/local-database-options';
export { LocalDatabase, openLocalDatabase } from './local-database/local-database';
export type { SyncLogEntry } from './local-database/sync-log-entry';
export type { LocalDb, LocalExecutor, LocalTransaction } from './local-store/local-db';
export type { LocalEntity, LocalSchema } from './local-store/local-schema';
export { readDeviceSchema } from './local-store/read-device-schema';
export { SYSTEM_TABLES } from './local-store/system-tables';
export { verifyDeviceDatabase } from './local-store/verify-device-database';
export type { SyncPhaseName } from './run/sync-phase';
export type { SyncEnding, SyncFigures, SyncRunState } from './run/sync-run-state';
export { SyncRun } from './run/sync-run';
export type { SyncErrorResolution } from './upload/resolve-sync-error';
export type { SyncErrorEntry, SyncErrorKind } from './upload/sync-error-store';
export { DeviceRecords, type DeviceRecordsContext, type ListRecordsOptions } from './writes/device-records';
export { WriteGate } from './writes/write-gate';
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
export type {
  BackgroundHost,
  BackgroundTask,
  BackgroundTaskContext,
  BackgroundTaskRequest,
  BackgroundRegistration,
  BackgroundCompletion,
} from './scheduler/background-host';
export { createBackgroundSyncTask } from './scheduler/background-sync-task';
export type { BackgroundSyncTaskOptions } from './scheduler/background-sync-task';
export { createNodeTimerBackgroundHost } from './scheduler/node-timer-background-host';
export type { NodeTimerBackgroundHost, NodeTimerBackgroundHostOptions, BackgroundRun } from './scheduler/node-timer-background-host';
export type { AttachmentEntry, AttachmentStatus } from './attachments/attachment-entry';
export {
  AttachmentNotFoundError,
  AttachmentSizeMismatchError,
  AttachmentTooLargeError,
  AttachmentsNotSupportedError,
  InvalidAttachmentPutError,
} from './attachments/attachment-errors';
export { ATTACHMENT_DEFAULTS, type AttachmentOptions } from './attachments/attachment-options';
export type { BlobStorage, BlobWriter, IncrementalSha256 } from './attachments/blob-storage';
export type { SyncFileCountFigures, SyncFileFigures } from './attachments/sync-file-figures';
export { DeviceAttachments, type AttachmentDownloadOptions, type AttachmentPut } from './attachments/device-attachments';
export { DeviceDocuments, type DocumentDownloadOptions, type PendingDocumentUpload } from './documents/device-documents';
export { InvalidDocumentPutError } from './documents/invalid-document-put-error';
export type { DocumentEntry, DocumentStatus } from './documents/document-entry';
export { DOCUMENT_DEFAULTS, type DocumentOptions } from './documents/document-options';
