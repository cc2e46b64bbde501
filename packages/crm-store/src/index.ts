/**
 * @fieldsync/crm-store: the reference CRM. Entity tables with one global row-version counter,
 * tombstones, sharing, an access log, security roles with depths, field-level security, sessions,
 * idempotent writes, attachments and server rules, on kysely over one SQLite file.
 */
export type { PutAttachmentRequest, ReadAttachmentRequest, StoredAttachment, StoredBodyKind } from './api/attachment-types';
export { ENTITY_IMAGE_FIELD } from './api/attachment-types';
export type { CrmStore, InsertManyOptions, PurgeHistoryOptions } from './api/crm-store';
export type { OpenCrmStoreOptions } from './api/open-crm-store-options';
export type {
  BusinessUnitInput,
  FieldSecurityProfileInput,
  SecurityRoleInput,
  StoreUser,
  StoreUserQuery,
  TeamInput,
  UserInput,
} from './api/organization-inputs';
export type { Principal } from './api/principal';
export type { StoreEntityPrivileges, StoreFieldPermission, StorePermissions, StorePrivilegeDepth } from './api/privileges';
export type {
  CountRequest,
  CountResult,
  DeletesPageResult,
  DeletesSinceRequest,
  ReadChangesPage,
  ReadChangesRequest,
  ReadFullPage,
  ReadFullRequest,
  SharingChangesResult,
  SharingChangesSinceRequest,
  StoreRecordAccess,
  StoreRemovalReason,
  Tombstone,
} from './api/read-requests';
export type { SessionTokens } from './api/session-tokens';
export type { StoreApiUsage, StoreMetrics } from './api/store-metrics';
export type {
  StoreAssociateOperation,
  StoreCreateOperation,
  StoreDeleteOperation,
  StoreSetStateOperation,
  StoreUpdateOperation,
  StoreWriteOperation,
  StoreWriteOptions,
  StoreWriteResult,
} from './api/write-operations';
export { StoreAuthExpiredError, StoreHistoryExpiredError } from './errors/store-errors';
export type { RuleContext, RuleTarget, ServerRule } from './rules/server-rule';
export { openCrmStore } from './store/open-crm-store';
