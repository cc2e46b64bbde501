import type { RecordIdFormat } from '@fieldsync/model';

/**
 * What a connector can do, declared by the connector and read by its callers; nothing beyond
 * it is assumed. Optional methods of {@link CrmConnector} exist exactly when their flag is true.
 */
export interface ConnectorCapabilities {
  /** Most operations one `writeBatch` call takes (Salesforce 200, Dataverse 1,000). */
  readonly maxBatchSize: number;
  /** Largest `pageSize` `readPage` honours; larger requests are cut to it. */
  readonly maxPageSize: number;
  /** A create may carry the id the client chose (Dataverse, embedded); otherwise the server assigns it. */
  readonly clientAssignedIds: boolean;
  /**
   * The shape of the backend's record ids (`guid` for Dataverse and the embedded CRM, `salesforce-id`);
   * the bridge refuses ids of another shape before the CRM sees them. @default 'token'
   */
  readonly idFormat?: RecordIdFormat;
  /** `readSharingChanges` is implemented: records shared, unshared or reassigned since an anchor. */
  readonly sharedRecords: boolean;
  /**
   * Incremental `readPage` also reports records that became visible (as records) or invisible
   * (as removals) without being edited: shared, unshared, reassigned.
   */
  readonly visibilityChanges: boolean;
  /** `permissions()` includes field-level security. */
  readonly fieldLevelSecurity: boolean;
  /** `readAttachment` / `writeAttachment` are implemented. */
  readonly attachments: boolean;
  /** `readAttachment` honours byte ranges. */
  readonly attachmentRanges: boolean;
  /** How long deletes stay listable by `readDeletes`, in days; older anchors need a full resync. */
  readonly deletesRetentionDays: number;
}
