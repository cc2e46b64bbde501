/**
 * @fieldsync/blob-filters: the BlobStoreFilter language. Parse and validate the XML (typed errors
 * with line and column), the default when a customization has none, and the decision, per file,
 * attachment or image, to download it, leave it on demand, or refuse it, with quota accounting.
 */
export * from './errors/invalid-blob-store-filter-error';
export * from './errors/invalid-blob-request-error';
export * from './filter/blob-store-filter';
export * from './filter/parse-blob-store-filter';
export * from './filter/default-blob-store-filter';
export * from './decide/blob-request';
export * from './decide/blob-decision';
export * from './decide/blob-quota-usage';
export * from './decide/blob-decider';
export * from './customization/validate-customization-with-blob-filter';
