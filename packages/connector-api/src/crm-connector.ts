import type { Schema } from '@fieldsync/model';
import type { ApiUsage, AttachmentContent, AttachmentRef, AttachmentUpload, ByteRange } from './attachments';
import type { ConnectorCapabilities } from './connector-capabilities';
import type { DocumentContent, DocumentItem } from './documents/documents-connector';
import type { RecordDocumentListing, RecordDocumentsRef, RecordDocumentUpload } from './documents/record-documents';
import type { PermissionSet } from './permissions';
import type {
  CountRequest,
  DeletesPage,
  EntityCounts,
  ReadDeletesRequest,
  ReadPageRequest,
  RecordPage,
  SharingChanges,
  SharingChangesRequest,
} from './read-requests';
import type { Session, WhoAmI } from './session';
import type { WriteBatch, WriteResult } from './write-batch';

/**
 * One CRM backend as the sync engine sees it: everything a synchronization needs, for one user.
 *
 * Every method may throw, besides what it names:
 * - `AuthExpiredError` when the session cannot be refreshed (a connector refreshes once by itself);
 * - `RateLimitedError` when throttling outlasts the connector's own bounded waits (retry after `retryAfterMs`);
 * - `QuotaExceededError` when the API quota is spent (do not retry);
 * - `TransientError` for a dropped connection or 5xx (retry; writes are idempotent);
 * - `ContractViolationError` when the backend's answer is malformed (do not retry).
 *
 * Implementations: `createEmbeddedConnector`, `createSalesforceConnector`, `createDynamicsConnector`.
 * Each must pass `describeConnectorConformance` from `@fieldsync/connector-testkit`.
 */
export interface CrmConnector {
  /** Short backend name for logs, e.g. `embedded`, `salesforce`. */
  readonly name: string;
  /** What this connector can do; optional methods exist exactly when their flag is set. */
  readonly capabilities: ConnectorCapabilities;

  /** Signs in with the configured credentials. Throws `AuthFailedError` (no retry). */
  signIn(): Promise<Session>;
  /** Gets a fresh token before the current one expires. Throws `AuthExpiredError` when refused (no retry). */
  refreshSession(): Promise<Session>;
  /** The signed-in user, business unit and organization. Retry: yes. */
  whoAmI(): Promise<WhoAmI>;
  /** Entities and fields the user can see; all, or only those named. Throws `UnknownEntityError`. Retry: yes. */
  describe(entities?: readonly string[]): Promise<Schema>;
  /** Counts for the sync analyzer. Throws `InvalidFilterError`, `FullResyncRequiredError` (for `since`). Retry: yes. */
  count(request: CountRequest): Promise<EntityCounts>;
  /**
   * One page of a full read (no anchor) or of the changes since an anchor. Records the user may not
   * read are never returned. Throws `InvalidFilterError`, `UnknownEntityError`, `PermissionDeniedError`
   * (no read privilege), `FullResyncRequiredError` (anchor too old). Retry: yes, with the same anchor.
   */
  readPage(request: ReadPageRequest): Promise<RecordPage>;
  /** Records deleted since an anchor. Throws `FullResyncRequiredError` when the anchor is older than the retention. Retry: yes. */
  readDeletes(request: ReadDeletesRequest): Promise<DeletesPage>;
  /** Records shared with, unshared from or reassigned to/from the user since an anchor. Present with `capabilities.sharedRecords`. Retry: yes. */
  readSharingChanges?(request: SharingChangesRequest): Promise<SharingChanges>;
  /**
   * Applies operations in order and answers one result per operation, in the same order. Expected
   * outcomes (conflict, not found, refused) are results, not exceptions. Throws `BatchTooLargeError`
   * past `maxBatchSize` (nothing applied). Retry: yes, the whole batch with the same idempotency keys.
   */
  writeBatch(batch: WriteBatch): Promise<WriteResult[]>;
  /** The user's entity privileges (and field-level security with `fieldLevelSecurity`). Retry: yes. */
  permissions(): Promise<PermissionSet>;
  /** Streams an attachment's bytes, or a byte range of them. Present with `capabilities.attachments`. Retry: yes (resume with a range). */
  readAttachment?(ref: AttachmentRef, range?: ByteRange): Promise<AttachmentContent>;
  /** Stores an attachment body on a record. Present with `capabilities.attachments`. Retry: yes, same idempotency key. */
  writeAttachment?(ref: AttachmentRef, upload: AttachmentUpload): Promise<{ readonly size: number; readonly version: string }>;
  /**
   * The files and folders of a record's document folder (SharePoint / OneDrive through the bridge,
   * decision 179). Throws `DOCUMENTS_NOT_CONFIGURED` when the record's entity has no document backend,
   * `RECORD_NOT_FOUND` when the user may not read the record. Present on the bridge connector. Retry: yes.
   */
  listDocuments?(record: RecordDocumentsRef): Promise<RecordDocumentListing>;
  /** Streams one file of a record's document folder, or a byte range of it (`RangeNotSatisfiableError` past its end). Retry: yes (resume with a range). */
  readDocument?(record: RecordDocumentsRef, itemId: string, range?: ByteRange): Promise<DocumentContent>;
  /**
   * Puts a file into the record's document folder (replacing one of the same name) and answers the stored
   * item. Throws `PERMISSION_DENIED` when the user may not write the record, `RECORD_NOT_FOUND` when
   * they may not read it, `DOCUMENTS_NOT_CONFIGURED` without a document backend. Present on the bridge
   * connector. Retry: yes, with the same idempotency key (resumes; never stores the file twice).
   */
  writeDocument?(record: RecordDocumentsRef, upload: RecordDocumentUpload): Promise<DocumentItem>;
  /** API calls used against the backend's limit. Retry: yes. */
  apiUsage(): Promise<ApiUsage>;
  /** Releases connections; the connector is unusable afterwards. Never throws. */
  close(): Promise<void>;
}
