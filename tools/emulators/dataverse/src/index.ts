/**
 * @fieldsync/emulator-dataverse: a Dataverse (Dynamics 365) Web API emulator over crm-store that
 * speaks the real wire format (Azure AD tokens for msal-node, OData queries and paging, change
 * tracking, ETags, `$batch` with change sets, notes, privileges and sharing, service protection) over
 * HTTPS on loopback, for tests and demos. See docs/decisions/090-dataverse-emulator-shape.md.
 */
export * from './server/dataverse-emulator-options';
export * from './server/faults';
export * from './server/start-dataverse-emulator';
export * from './server/self-signed-certificate';
export { DataverseApiError, DATAVERSE_ERROR_CODES } from './server/dataverse-api-error';
export { STALE_ETAG_MESSAGE } from './server/record-writes';
export { MAX_PAGE_SIZE } from './server/prefer-header';
export { entitySetNameOf } from './naming/entity-set-name';
export * from './odata/odata-filter-ast';
export { parseODataFilter } from './odata/parse-odata-filter';
export { odataFilterToStoreFilter, type StoreFilterContext } from './odata/odata-filter-to-store-filter';
export { EntityCatalog, type CatalogEntity, type NavigationProperty } from './naming/entity-catalog';
export { parseBatch, serializeBatchResponse, boundaryOf, MultipartError, type BatchItem, type BatchPartRequest, type BatchPartResponse, type BatchResponseItem } from './batch/multipart-codec';
