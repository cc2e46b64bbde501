/**
 * @fieldsync/model: the vocabulary every Fieldsync part shares: entity schema, records, anchors,
 * sync filters, the customization document and typed errors.
 */
export { type Anchor, toAnchor } from './anchor/anchor';
export { ManualClock, type ManualClockOptions } from './clock/manual-clock';
export { type TimerClock, systemTimerClock } from './clock/timer-clock';
export {
  APP_SETTINGS,
  type AppSettingDefinition,
  type AppSettingName,
  type AppSettings,
  type SettingSupport,
  defaultAppSettings,
} from './customization/app-settings';
export { canonicalJson } from './customization/canonical-json';
export type { ConflictPolicy } from './customization/conflict-policy';
export { type CustomizationPartHashes, customizationHash, customizationPartHashes } from './customization/customization-hash';
export type { Customization, CustomizationValidation, EntitySyncConfig, ParsedCustomization } from './customization/customization';
export {
  DOCUMENT_BACKENDS,
  type EntityDocuments,
  type OneDriveDocuments,
  readEntityDocuments,
  type SharePointDocuments,
} from './customization/entity-documents';
export { defaultPageSize, effectivePageSize } from './customization/page-size';
export { parseCustomization } from './customization/parse-customization';
export { type ResolvedAppSettings, resolveAppSettings } from './customization/resolve-app-settings';
export { validateCustomization } from './customization/validate-customization';
export { FieldsyncError, type SerializedFieldsyncError } from './errors/fieldsync-error';
export { FilterTooDeepError } from './errors/filter-too-deep-error';
export { InvalidFilterError } from './errors/invalid-filter-error';
export { UnknownEntityError } from './errors/unknown-entity-error';
export { UnknownFieldError } from './errors/unknown-field-error';
export { ValidationError } from './errors/validation-error';
export { type ValidationIssue, formatIssue } from './errors/validation-issue';
export { type CompileFilterToODataOptions, compileFilterToOData } from './filter/compile/compile-filter-to-odata';
export { type CompileFilterToSoqlOptions, compileFilterToSoql, soqlString } from './filter/compile/compile-filter-to-soql';
export { type AnyExpressionBuilder, type CompileFilterToSqlOptions, type SqlFilterFactory, compileFilterToSql } from './filter/compile/compile-filter-to-sql';
export { type FilterPredicate, type FilterPredicateOptions, createFilterPredicate, evaluateFilter } from './filter/evaluate/evaluate-filter';
export { type Clock, type FilterContext, type ParentResolver, systemClock, waitOnClock } from './filter/evaluation-context';
export { parseFetchXml } from './filter/fetchxml/parse-fetch-xml';
export { toFetchXml } from './filter/fetchxml/to-fetch-xml';
export type { FilterCondition, FilterGroup, FilterLink, FilterLiteral, FilterNode, SyncFilter } from './filter/filter-node';
export type { FilterOperator } from './filter/filter-operator';
export { MAX_FILTER_DEPTH, assertFilterDepth } from './filter/validate/assert-filter-depth';
export { assertValidFilter } from './filter/validate/assert-valid-filter';
export { isTimeDependent } from './filter/validate/is-time-dependent';
export { linkedEntities } from './filter/validate/linked-entities';
export { operatorsForField } from './filter/validate/operators-for-field';
export { validateFilter } from './filter/validate/validate-filter';
export { canonicalDateTime, parseIsoDateTime } from './record/canonical-date-time';
export type { CrmRecord } from './record/crm-record';
export { type EntityReference, isEntityReference } from './record/entity-reference';
export type { FieldValue, FieldValues } from './record/field-value';
export { normalizeFieldValues } from './record/normalize-field-values';
export { type RecordIdFormat, recordIdProblem } from './record/record-id-format';
export { type FieldValuesValidationOptions, validateFieldValues } from './record/validate-field-values';
export { columnsOf, targetColumnOf } from './schema/column-names';
export type { EntityKind, EntitySchema, Schema } from './schema/entity-schema';
export type { FieldSchema, OptionValue } from './schema/field-schema';
export { FIELD_TYPE_TRAITS, type FieldTypeTraits, type FieldValueKind, unhandledValueKind, valueKindOf } from './schema/field-type-traits';
export { type FieldType, isOptionType, isReferenceType } from './schema/field-type';
export { orderParentsFirst } from './schema/order-parents-first';
export { parentalControl } from './schema/parental-control';
export { findEntity, findField, getEntity, parentLookups } from './schema/schema-lookup';
export { parseSchema, validateSchema } from './schema/validate-schema';
export { encodeSqlValue } from './sql/encode-sql-value';
export { recordToRow } from './sql/record-to-row';
export { rowToFields } from './sql/row-to-fields';
export { type SqliteColumnType, sqliteColumnType } from './sql/sqlite-column-type';
export { type SourcePosition, attributeNameOffset, sourcePositionFinder } from './text/source-position';
