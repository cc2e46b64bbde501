import { InvalidFilterError } from '../errors/invalid-filter-error';
import type { ValidationIssue } from '../errors/validation-issue';
import { assertFilterDepth } from '../filter/validate/assert-filter-depth';
import { parseFetchXml } from '../filter/fetchxml/parse-fetch-xml';
import { validateFilter } from '../filter/validate/validate-filter';
import type { SyncFilter } from '../filter/filter-node';
import { isIsoDate, parseIsoDateTime } from '../record/canonical-date-time';
import type { EntitySchema, Schema } from '../schema/entity-schema';
import { deepFreeze, describeValue, isJsonObject, unknownKeys, type JsonObject } from '../schema/validate-json';
import { CONFLICT_POLICIES, DEFAULT_CONFLICT_POLICY, type ConflictPolicy } from './conflict-policy';
import type { Customization, CustomizationValidation, EntitySyncConfig } from './customization';
import { customizationHash } from './customization-hash';
import { readEntityDocuments } from './entity-documents';
import { jsonErrorPosition } from './json-error-position';
import { MAX_PAGE_SIZE } from './page-size';
import { resolveAppSettings } from './resolve-app-settings';

const TOP_KEYS = ['version', 'entities', 'settings', 'blobStoreFilter'];
const ENTITY_KEYS = ['entity', 'fields', 'filter', 'fetchXml', 'conflictPolicy', 'pageSize', 'uploadOnly', 'attachments', 'forceFullSync', 'documents'];

/**
 * Checks a customization document (an object, or its JSON text) against `schema` and collects every
 * issue with its path (`entities[3].fetchXml: unknown operator 'eqq' (line 4, column 9)`) and every
 * warning. When there is no issue it also returns the customization with defaults applied, frozen.
 */
export function validateCustomization(input: unknown, schema: Schema): CustomizationValidation {
  const issues: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  let document = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input) as unknown;
    } catch (error) {
      return { issues: [jsonSyntaxIssue(input, error)], warnings };
    }
  }
  if (!isJsonObject(document)) {
    return { issues: [{ path: 'customization', message: `must be an object, got ${describeValue(document)}` }], warnings };
  }
  for (const key of unknownKeys(document, TOP_KEYS)) issues.push({ path: key, message: `unknown property '${key}'` });

  const entities = readEntities(document.entities, schema, issues, warnings);
  const resolved = resolveAppSettings(document.settings);
  issues.push(...resolved.issues);
  warnings.push(...resolved.warnings);

  const blobStoreFilter = document.blobStoreFilter;
  if (blobStoreFilter !== undefined && (typeof blobStoreFilter !== 'string' || blobStoreFilter.trim() === '')) {
    issues.push({ path: 'blobStoreFilter', message: `must be BlobStoreFilter XML text (leave it out for none), got ${describeValue(blobStoreFilter)}` });
  }
  if (document.version !== undefined && typeof document.version !== 'string') {
    issues.push({ path: 'version', message: `must be text, got ${describeValue(document.version)}` });
  }
  if (issues.length > 0) return { issues, warnings };

  const content = {
    entities,
    settings: resolved.settings,
    ...(blobStoreFilter === undefined ? {} : { blobStoreFilter: blobStoreFilter as string }),
  };
  const version = customizationHash(content);
  if (typeof document.version === 'string' && document.version !== version) {
    warnings.push({ path: 'version', message: `'${document.version}' does not match the content; the version is '${version}'` });
  }
  const customization: Customization = deepFreeze({ version, ...content });
  return { customization, issues, warnings };
}

function readEntities(input: unknown, schema: Schema, issues: ValidationIssue[], warnings: ValidationIssue[]): EntitySyncConfig[] {
  if (!Array.isArray(input)) {
    issues.push({ path: 'entities', message: `must be a list of entity configurations, got ${describeValue(input)}` });
    return [];
  }
  const configs: EntitySyncConfig[] = [];
  const seen = new Map<string, number>();
  const paths: string[] = [];
  (input as unknown[]).forEach((item, index) => {
    const path = `entities[${index}]`;
    if (!isJsonObject(item)) {
      issues.push({ path, message: `must be an entity configuration, got ${describeValue(item)}` });
      return;
    }
    if (typeof item.entity === 'string') {
      const first = seen.get(item.entity);
      if (first !== undefined) issues.push({ path: `${path}.entity`, message: `entity '${item.entity}' is configured twice (also entities[${first}])` });
      else seen.set(item.entity, index);
    }
    const config = readEntity(item, path, schema, issues, warnings);
    if (config) {
      configs.push(config);
      paths.push(path);
    }
  });
  warnAboutDanglingLookups(configs, paths, schema, warnings);
  return configs;
}

function readEntity(item: JsonObject, path: string, schema: Schema, issues: ValidationIssue[], warnings: ValidationIssue[]): EntitySyncConfig | undefined {
  const before = issues.length;
  for (const key of unknownKeys(item, ENTITY_KEYS)) issues.push({ path: `${path}.${key}`, message: `unknown property '${key}'` });

  let entity: EntitySchema | undefined;
  if (typeof item.entity !== 'string') {
    issues.push({ path: `${path}.entity`, message: `must name an entity of the schema, got ${describeValue(item.entity)}` });
  } else {
    entity = schema.entities.find((candidate) => candidate.name === item.entity);
    if (!entity) issues.push({ path: `${path}.entity`, message: `unknown entity '${item.entity}'` });
  }

  const fields = entity ? readFields(item.fields, entity, `${path}.fields`, issues) : undefined;
  const filter = readFilter(item, entity?.name, path, schema, issues);

  const conflictPolicy = item.conflictPolicy ?? DEFAULT_CONFLICT_POLICY;
  if (!CONFLICT_POLICIES.includes(conflictPolicy as ConflictPolicy)) {
    issues.push({
      path: `${path}.conflictPolicy`,
      message: `unknown conflict policy ${describeValue(conflictPolicy)}; expected one of ${CONFLICT_POLICIES.join(', ')}`,
    });
  }
  const pageSize = item.pageSize;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > MAX_PAGE_SIZE)) {
    issues.push({ path: `${path}.pageSize`, message: `must be a whole number between 1 and ${MAX_PAGE_SIZE}, got ${describeValue(pageSize)}` });
  }
  for (const key of ['uploadOnly', 'attachments'] as const) {
    if (item[key] !== undefined && typeof item[key] !== 'boolean') {
      issues.push({ path: `${path}.${key}`, message: `must be true or false, got ${describeValue(item[key])}` });
    }
  }
  const forceFullSync = readForceFullSync(item.forceFullSync, `${path}.forceFullSync`, issues);
  const documents = readEntityDocuments(item.documents, `${path}.documents`, issues);
  const uploadOnly = item.uploadOnly === true;
  if (uploadOnly && filter) {
    warnings.push({
      path: `${path}.${item.fetchXml !== undefined ? 'fetchXml' : 'filter'}`,
      message: 'an upload-only entity is never downloaded, so its sync filter has no effect',
    });
  }
  if (issues.length > before || !entity || !fields) return undefined;

  return {
    entity: entity.name,
    fields,
    ...(filter ? { filter } : {}),
    conflictPolicy: conflictPolicy as ConflictPolicy,
    ...(pageSize !== undefined ? { pageSize: pageSize as number } : {}),
    uploadOnly,
    attachments: item.attachments === true,
    ...(forceFullSync !== undefined ? { forceFullSync } : {}),
    ...(documents !== undefined ? { documents } : {}),
  };
}

function readFields(input: unknown, entity: EntitySchema, path: string, issues: ValidationIssue[]): readonly string[] | 'all' | undefined {
  if (input === undefined || input === 'all') return 'all';
  if (!Array.isArray(input)) {
    issues.push({ path, message: `must be 'all' or a list of field names, got ${describeValue(input)}` });
    return undefined;
  }
  const names = new Set<string>();
  const before = issues.length;
  (input as unknown[]).forEach((name, index) => {
    const fieldPath = `${path}[${index}]`;
    if (typeof name !== 'string') issues.push({ path: fieldPath, message: `must be a field name, got ${describeValue(name)}` });
    else if (!entity.fields.some((field) => field.name === name))
      issues.push({ path: fieldPath, message: `unknown field '${name}' of entity '${entity.name}'` });
    else if (names.has(name)) issues.push({ path: fieldPath, message: `field '${name}' is listed twice` });
    else names.add(name);
  });
  if (issues.length > before) return undefined;
  // The primary key always travels: it is what identifies a record.
  return [entity.primaryKey, ...[...names].filter((name) => name !== entity.primaryKey)];
}

function readFilter(item: JsonObject, entity: string | undefined, path: string, schema: Schema, issues: ValidationIssue[]): SyncFilter | undefined {
  if (item.filter !== undefined && item.fetchXml !== undefined) {
    issues.push({ path: `${path}.fetchXml`, message: "give either 'filter' or 'fetchXml', not both" });
    return undefined;
  }
  let filter: SyncFilter;
  let filterPath: string;
  if (item.fetchXml !== undefined) {
    filterPath = `${path}.fetchXml`;
    if (typeof item.fetchXml !== 'string') {
      issues.push({ path: filterPath, message: `must be FetchXML text, got ${describeValue(item.fetchXml)}` });
      return undefined;
    }
    try {
      filter = parseFetchXml(item.fetchXml);
    } catch (error) {
      if (!(error instanceof InvalidFilterError)) throw error;
      issues.push(filterErrorIssue(error, filterPath));
      return undefined;
    }
  } else if (item.filter !== undefined) {
    filterPath = `${path}.filter`;
    if (!isJsonObject(item.filter) || typeof item.filter.entity !== 'string') {
      issues.push({ path: filterPath, message: `must be a sync filter { entity, where? }, got ${describeValue(item.filter)}` });
      return undefined;
    }
    try {
      // Before anything recursive (the clone, the validator) walks it.
      assertFilterDepth(item.filter.where, 'where');
    } catch (error) {
      if (!(error instanceof InvalidFilterError)) throw error;
      issues.push(filterErrorIssue(error, filterPath));
      return undefined;
    }
    filter = structuredClone(item.filter) as unknown as SyncFilter;
  } else {
    return undefined;
  }

  const before = issues.length;
  if (entity !== undefined && filter.entity !== entity) {
    issues.push({ path: `${filterPath}.entity`, message: `the filter selects from '${filter.entity}', not from '${entity}'` });
  }
  try {
    issues.push(...validateFilter(filter, schema, filterPath));
  } catch (error) {
    if (!(error instanceof InvalidFilterError)) throw error;
    issues.push(filterErrorIssue(error, filterPath));
  }
  return issues.length > before ? undefined : filter;
}

/**
 * An {@link InvalidFilterError} as an issue at `path` (`entities[3].fetchXml`), keeping its message,
 * the location inside the filter (`at fetch/entity/filter/condition[2]/@operator`), line and column.
 */
function filterErrorIssue(error: InvalidFilterError, path: string): ValidationIssue {
  let message = error.message;
  if (message.startsWith(`${error.path}: `)) message = message.slice(error.path.length + 2);
  if (error.line !== undefined) message = message.replace(/ at line \d+, column \d+$/, '');
  const inside = error.path.startsWith(path) ? error.path.slice(path.length).replace(/^[./]/, '') : error.path;
  return {
    path,
    message: inside ? `${message} at ${inside}` : message,
    ...(error.line !== undefined ? { line: error.line, column: error.column ?? 0 } : {}),
  };
}

function readForceFullSync(input: unknown, path: string, issues: ValidationIssue[]): string | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'string' && isIsoDate(input)) return `${input}T00:00:00.000Z`;
  const time = typeof input === 'string' ? parseIsoDateTime(input) : undefined;
  if (time === undefined) {
    issues.push({ path, message: `must be an ISO-8601 date (2026-11-22) or date-time with a time zone, got ${describeValue(input)}` });
    return undefined;
  }
  return new Date(time).toISOString();
}

/** Warns about synchronised lookups whose target entities are not synchronised: those references dangle on the device. */
function warnAboutDanglingLookups(configs: readonly EntitySyncConfig[], paths: readonly string[], schema: Schema, warnings: ValidationIssue[]): void {
  const synced = new Set(configs.filter((config) => !config.uploadOnly).map((config) => config.entity));
  configs.forEach((config, index) => {
    const entity = schema.entities.find((candidate) => candidate.name === config.entity);
    if (!entity) return;
    for (const field of entity.fields) {
      if (field.type !== 'lookup' || (config.fields !== 'all' && !config.fields.includes(field.name))) continue;
      const missing = (field.targets ?? []).filter((target) => !synced.has(target));
      if (missing.length === 0) continue;
      warnings.push({
        path: `${paths[index]}.fields`,
        message: `lookup '${field.name}' can point to ${missing.map((m) => `'${m}'`).join(', ')}, not synchronised: those records will not be on the device`,
      });
    }
  });
}

/** A JSON syntax error as an issue, with the line and column of the first offending character. */
function jsonSyntaxIssue(text: string, error: unknown): ValidationIssue {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const position = jsonErrorPosition(text);
  if (position === undefined) return { path: 'customization', message: `is not valid JSON: ${reason}` };
  const before = text.slice(0, position).split('\n');
  return {
    path: 'customization',
    message: `is not valid JSON: ${reason}`,
    line: before.length,
    column: before[before.length - 1].length + 1,
  };
}
