/**
 * @fieldsync/blob-filters: the BlobStoreFilter language. Parse and validate the XML (typed errors
 * with line and column), the default when a customization has none, and the decision, per file,
 * attachment or image, to download it, leave it on demand, or refuse it, with quota accounting.
 */
export { validateCustomizationWithBlobFilter } from './customization/validate-customization-with-blob-filter';
export { type BlobDecider, type BlobDecisionSettings, createBlobDecider } from './decide/blob-decider';
export type { BlobDecision, BlobDecisionDetail, OnDemandReason, RefusedReason } from './decide/blob-decision';
export { BlobQuotaUsage, type BlobUsageEntry } from './decide/blob-quota-usage';
export type { BlobKind, BlobRequest } from './decide/blob-request';
export { InvalidBlobStoreFilterError } from './errors/invalid-blob-store-filter-error';
export type {
  AttachedToScope,
  AttachmentsFilter,
  BlobStoreFilter,
  EntityAttachmentsRule,
  FileTypeRule,
  FilesFilter,
  Quota,
  SizeLimit,
} from './filter/blob-store-filter';
export { defaultBlobStoreFilter } from './filter/default-blob-store-filter';
export { parseBlobStoreFilter } from './filter/parse-blob-store-filter';
