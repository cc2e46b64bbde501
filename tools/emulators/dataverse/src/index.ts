/**
 * @fieldsync/emulator-dataverse: a Dataverse (Dynamics 365) Web API emulator over crm-store that
 * speaks the real wire format (Azure AD tokens for msal-node, OData queries and paging, change
 * tracking, ETags, `$batch` with change sets, notes, privileges and sharing, service protection) over
 * HTTPS on loopback, for tests and demos. See docs/decisions/090-dataverse-emulator-shape.md.
 */
export {
  type BatchItem,
  type BatchPartRequest,
  type BatchPartResponse,
  type BatchResponseItem,
  parseBatch,
  serializeBatchResponse,
} from './batch/multipart-codec';
export { type CatalogEntity, EntityCatalog, type NavigationProperty } from './naming/entity-catalog';
export type {
  ODataComparison,
  ODataComparisonOperator,
  ODataFilter,
  ODataLiteral,
  ODataProperty,
  ODataQueryFunction,
  ODataStringFunction,
} from './odata/odata-filter-ast';
export { type StoreFilterContext, odataFilterToStoreFilter } from './odata/odata-filter-to-store-filter';
export { parseODataFilter } from './odata/parse-odata-filter';
export { DATAVERSE_ERROR_CODES } from './server/dataverse-api-error';
export type { DataverseAppRegistration, DataverseEmulatorOptions } from './server/dataverse-emulator-options';
export type { DataverseEmulatorFaults, InjectedFailure } from './server/faults';
export { type DataverseEmulator, startDataverseEmulator } from './server/start-dataverse-emulator';
