/**
 * @fieldsync/connector-api: the contract between the sync engine and a CRM backend.
 */
export { InvalidAnchorError, decodeAnchorJson, encodeAnchorJson } from './anchor/anchor-json';
export type { ApiUsage, AttachmentContent, AttachmentKind, AttachmentRef, AttachmentUpload, ByteRange } from './attachments';
export { ENTITY_IMAGE_TIMESTAMP_FIELD } from './attachments';
export { chunksOf, type UploadChunk } from './streams/chunks-of';
export type { ConnectorCapabilities } from './connector-capabilities';
export type { CrmConnector } from './crm-connector';
export type {
  CustomizationOffer,
  DeviceChannel,
  DeviceCommand,
  DeviceCommandKind,
  DeviceControlState,
  DeviceRegistration,
  ForcedFullSync,
  SyncTrackingReport,
  SyncFileCounts,
  SyncFilesReport,
} from './device-channel';
export type {
  DocumentChanges,
  DocumentContent,
  DocumentFolder,
  DocumentItem,
  DocumentListing,
  DocumentRecord,
  DocumentUpload,
  DocumentsConnector,
  DocumentsWarning,
  EnsureFolderOutcome,
  ResyncRequired,
} from './documents/documents-connector';
export type { RecordDocumentListing, RecordDocumentsRef, RecordDocumentUpload } from './documents/record-documents';
export { RangeNotSatisfiableError } from './documents/range-not-satisfiable-error';
export {
  AttachmentTooLargeError,
  AuthExpiredError,
  AuthFailedError,
  BatchTooLargeError,
  ContractViolationError,
  DeviceRevokedError,
  FullResyncRequiredError,
  NoCustomizationError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitedError,
  TransientError,
  UnsupportedCapabilityError,
} from './errors/connector-errors';
export type { EntityPrivileges, FieldPermission, PermissionSet, PrivilegeDepth } from './permissions';
export type {
  CountRequest,
  DeletedRecord,
  DeletesPage,
  EntityCounts,
  ReadDeletesRequest,
  ReadPageRequest,
  RecordPage,
  RemovalReason,
  RemovedRecord,
  SharingChanges,
  SharingChangesRequest,
} from './read-requests';
export { type ConnectorCall, ConnectorCallPolicy, type ConnectorCallPolicyOptions } from './retry/connector-call-policy';
export { type FailureClassifier, type FailureRules, failureClassifier } from './retry/failure-classifier';
export type { RetryLimits } from './retry/retry-limits';
export type { Session, WhoAmI } from './session';
export { planPartOf, valueOfPlanPart, type SyncPlan, type SyncPlanPart, type SyncPlanRequest, type SyncPlanServer } from './sync-plan';
export type {
  AssociateOperation,
  CreateOperation,
  DeleteOperation,
  SetStateOperation,
  UpdateOperation,
  WriteBatch,
  WriteConflict,
  WriteFailed,
  WriteNotFound,
  WriteOperation,
  WriteResult,
  WriteSucceeded,
} from './write-batch';
