import { ValidationError } from '../errors/validation-error';
import type { ValidationIssue } from '../errors/validation-issue';
import { TARGET_COLUMN_SUFFIX } from './column-names';
import type { EntityKind, Schema } from './entity-schema';
import { FIELD_TYPES, isOptionType, isReferenceType, type FieldType } from './field-type';
import { deepFreeze, describeValue, isJsonObject, unknownKeys, type JsonObject } from './validate-json';

/**
 * What an entity or field name must look like: a lower-case identifier (`account`, `parentcustomerid`,
 * `new_custom__c`), so that it is also a valid, case-safe SQL table or column name.
 */
export const SCHEMA_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Entities an `owner` field may point to. */
export const OWNER_TARGETS: readonly string[] = ['systemuser', 'team'];

/** Largest `maxLength` a text field may declare (1,048,576 characters, the largest CRM memo). */
export const MAX_TEXT_LENGTH = 1_048_576;

/** Largest `precision` (digits after the decimal point) a decimal or money field may declare. */
export const MAX_DECIMAL_PRECISION = 10;

const ENTITY_KINDS: readonly EntityKind[] = ['normal', 'activity', 'intersect', 'child'];
const ENTITY_KEYS = ['name', 'label', 'primaryKey', 'primaryName', 'kind', 'fields'];
const FIELD_KEYS = ['name', 'type', 'label', 'required', 'maxLength', 'precision', 'targets', 'parent', 'options', 'readOnly'];
const OPTION_KEYS = ['value', 'label', 'state'];

/**
 * Checks that `schema` is a well-formed {@link Schema} and returns every problem found, each with its
 * path (`entities[3].fields[2].type`); an empty list means the schema is valid.
 */
export function validateSchema(schema: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report = (path: string, message: string) => issues.push({ path, message });

  if (!isJsonObject(schema)) {
    report('schema', `must be an object with an 'entities' list, got ${describeValue(schema)}`);
    return issues;
  }
  for (const key of unknownKeys(schema, ['entities'])) report(key, `unknown property '${key}'`);
  if (!Array.isArray(schema.entities)) {
    report('entities', `must be a list of entities, got ${describeValue(schema.entities)}`);
    return issues;
  }

  const entities = schema.entities as unknown[];
  const entityNames = new Set(entities.filter(isJsonObject).flatMap((entity) => (typeof entity.name === 'string' ? [entity.name] : [])));
  const seenEntities = new Map<string, number>();
  entities.forEach((entity, index) => {
    const path = `entities[${index}]`;
    if (!isJsonObject(entity)) {
      report(path, `must be an entity object, got ${describeValue(entity)}`);
      return;
    }
    if (typeof entity.name === 'string') {
      const first = seenEntities.get(entity.name);
      if (first !== undefined) report(`${path}.name`, `duplicate entity '${entity.name}' (also entities[${first}])`);
      else seenEntities.set(entity.name, index);
    }
    validateEntity(entity, path, entityNames, report);
  });

  for (const cycle of parentCycles(entities)) report(cycle.path, `parent lookups form a cycle: ${cycle.names.join(' -> ')}`);
  return issues;
}

/**
 * Validates `json` as a {@link Schema} and returns it deep-frozen; throws {@link ValidationError}
 * (subject `schema`) listing every issue when it is not valid.
 */
export function parseSchema(json: unknown): Schema {
  const issues = validateSchema(json);
  if (issues.length > 0) throw new ValidationError('schema', issues);
  return deepFreeze(structuredClone(json)) as Schema;
}

type Report = (path: string, message: string) => void;

function validateEntity(entity: JsonObject, path: string, entityNames: ReadonlySet<string>, report: Report): void {
  for (const key of unknownKeys(entity, ENTITY_KEYS)) report(`${path}.${key}`, `unknown property '${key}'`);
  checkName(entity.name, `${path}.name`, 'entity', report);
  if (entity.label !== undefined && typeof entity.label !== 'string') {
    report(`${path}.label`, `must be text, got ${describeValue(entity.label)}`);
  }
  if (entity.kind !== undefined && !ENTITY_KINDS.includes(entity.kind as EntityKind)) {
    report(`${path}.kind`, `unknown entity kind ${describeValue(entity.kind)}; expected one of ${ENTITY_KINDS.join(', ')}`);
  }
  if (!Array.isArray(entity.fields)) {
    report(`${path}.fields`, `must be a list of fields, got ${describeValue(entity.fields)}`);
    return;
  }
  const fields = entity.fields as unknown[];
  const fieldsByName = new Map<string, JsonObject>();
  const stateValues = new Set<number>();
  let hasStateField = false;
  for (const field of fields) {
    if (!isJsonObject(field) || typeof field.name !== 'string') continue;
    if (!fieldsByName.has(field.name)) fieldsByName.set(field.name, field);
    if (field.type === 'state') {
      hasStateField = true;
      if (Array.isArray(field.options)) {
        for (const option of field.options as unknown[]) {
          if (isJsonObject(option) && typeof option.value === 'number') stateValues.add(option.value);
        }
      }
    }
  }

  const seenFields = new Map<string, number>();
  fields.forEach((field, index) => {
    const fieldPath = `${path}.fields[${index}]`;
    if (!isJsonObject(field)) {
      report(fieldPath, `must be a field object, got ${describeValue(field)}`);
      return;
    }
    if (typeof field.name === 'string') {
      const first = seenFields.get(field.name);
      if (first !== undefined) report(`${fieldPath}.name`, `duplicate field '${field.name}' (also fields[${first}])`);
      else seenFields.set(field.name, index);
    }
    validateField(field, fieldPath, entityNames, { hasStateField, stateValues }, report);
  });

  checkFieldReference(entity.primaryKey, `${path}.primaryKey`, fieldsByName, true, report, (field) =>
    field.type === 'string' ? undefined : `primary key field '${String(field.name)}' must be of type 'string'`,
  );
  checkFieldReference(entity.primaryName, `${path}.primaryName`, fieldsByName, false, report, (field) =>
    field.type === 'string' || field.type === 'memo' ? undefined : `primary name field '${String(field.name)}' must be of type 'string' or 'memo'`,
  );
}

function checkFieldReference(
  value: unknown,
  path: string,
  fieldsByName: ReadonlyMap<string, JsonObject>,
  required: boolean,
  report: Report,
  checkType: (field: JsonObject) => string | undefined,
): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string') {
    report(path, `must name a field of the entity, got ${describeValue(value)}`);
    return;
  }
  const field = fieldsByName.get(value);
  if (!field) {
    report(path, `names no field of the entity: '${value}'`);
    return;
  }
  const problem = checkType(field);
  if (problem) report(path, problem);
}

interface StateInfo {
  readonly hasStateField: boolean;
  readonly stateValues: ReadonlySet<number>;
}

function validateField(field: JsonObject, path: string, entityNames: ReadonlySet<string>, states: StateInfo, report: Report): void {
  for (const key of unknownKeys(field, FIELD_KEYS)) report(`${path}.${key}`, `unknown property '${key}'`);
  if (checkName(field.name, `${path}.name`, 'field', report) && (field.name as string).endsWith(TARGET_COLUMN_SUFFIX)) {
    report(`${path}.name`, `field names may not end in '${TARGET_COLUMN_SUFFIX}' (reserved for the lookup target column)`);
  }
  for (const key of ['label'] as const) {
    if (field[key] !== undefined && typeof field[key] !== 'string') report(`${path}.${key}`, `must be text, got ${describeValue(field[key])}`);
  }
  for (const key of ['required', 'readOnly', 'parent'] as const) {
    if (field[key] !== undefined && typeof field[key] !== 'boolean') {
      report(`${path}.${key}`, `must be true or false, got ${describeValue(field[key])}`);
    }
  }

  const knownType = typeof field.type === 'string' && FIELD_TYPES.includes(field.type as FieldType);
  if (!knownType) {
    report(
      `${path}.type`,
      typeof field.type === 'string'
        ? `unknown field type '${field.type}'`
        : `must be a field type (${FIELD_TYPES.join(', ')}), got ${describeValue(field.type)}`,
    );
    return;
  }
  const type = field.type as FieldType;

  if (field.maxLength !== undefined) {
    if (type !== 'string' && type !== 'memo') report(`${path}.maxLength`, `only 'string' and 'memo' fields have a maxLength, not '${type}'`);
    else checkWholeNumber(field.maxLength, `${path}.maxLength`, 1, MAX_TEXT_LENGTH, report);
  }
  if (field.precision !== undefined) {
    if (type !== 'decimal' && type !== 'money') report(`${path}.precision`, `only 'decimal' and 'money' fields have a precision, not '${type}'`);
    else checkWholeNumber(field.precision, `${path}.precision`, 0, MAX_DECIMAL_PRECISION, report);
  }
  if (field.parent === true && type !== 'lookup') report(`${path}.parent`, `only 'lookup' fields can point at the parent, not '${type}'`);

  validateTargets(field, type, path, entityNames, report);
  validateOptions(field, type, path, states, report);
}

function validateTargets(field: JsonObject, type: FieldType, path: string, entityNames: ReadonlySet<string>, report: Report): void {
  const targets = field.targets;
  if (!isReferenceType(type)) {
    if (targets !== undefined) report(`${path}.targets`, `only 'lookup' and 'owner' fields have targets, not '${type}'`);
    return;
  }
  if (targets === undefined && type === 'owner') return;
  if (!Array.isArray(targets) || targets.length === 0) {
    report(`${path}.targets`, `a ${type} needs a non-empty list of target entities, got ${describeValue(targets)}`);
    return;
  }
  const seen = new Set<string>();
  (targets as unknown[]).forEach((target, index) => {
    const targetPath = `${path}.targets[${index}]`;
    if (typeof target !== 'string') report(targetPath, `must be an entity name, got ${describeValue(target)}`);
    else if (seen.has(target)) report(targetPath, `duplicate target '${target}'`);
    else if (type === 'owner' && !OWNER_TARGETS.includes(target)) report(targetPath, `an owner points to ${OWNER_TARGETS.join(' or ')}, not '${target}'`);
    else if (type === 'lookup' && !entityNames.has(target)) report(targetPath, `unknown target entity '${target}'`);
    if (typeof target === 'string') seen.add(target);
  });
}

function validateOptions(field: JsonObject, type: FieldType, path: string, states: StateInfo, report: Report): void {
  const options = field.options;
  if (!isOptionType(type)) {
    if (options !== undefined) report(`${path}.options`, `only 'picklist', 'state' and 'status' fields have options, not '${type}'`);
    return;
  }
  if (!Array.isArray(options) || options.length === 0) {
    report(`${path}.options`, `a ${type} field needs a non-empty list of options, got ${describeValue(options)}`);
    return;
  }
  const seen = new Map<number, number>();
  (options as unknown[]).forEach((option, index) => {
    const optionPath = `${path}.options[${index}]`;
    if (!isJsonObject(option)) {
      report(optionPath, `must be an option { value, label }, got ${describeValue(option)}`);
      return;
    }
    for (const key of unknownKeys(option, OPTION_KEYS)) report(`${optionPath}.${key}`, `unknown property '${key}'`);
    if (!Number.isSafeInteger(option.value)) {
      report(`${optionPath}.value`, `must be a whole number, got ${describeValue(option.value)}`);
    } else {
      const first = seen.get(option.value as number);
      if (first !== undefined) report(`${optionPath}.value`, `duplicate option value ${String(option.value)} (also options[${first}])`);
      else seen.set(option.value as number, index);
    }
    if (typeof option.label !== 'string') report(`${optionPath}.label`, `must be text, got ${describeValue(option.label)}`);
    if (option.state === undefined) return;
    if (type !== 'status') report(`${optionPath}.state`, `only 'status' options belong to a state, not '${type}' options`);
    else if (!states.hasStateField) report(`${optionPath}.state`, `the entity has no 'state' field for state ${describeValue(option.state)}`);
    else if (typeof option.state !== 'number' || !states.stateValues.has(option.state)) {
      report(`${optionPath}.state`, `refers to no option of the entity's state field: ${describeValue(option.state)}`);
    }
  });
}

function checkName(name: unknown, path: string, what: 'entity' | 'field', report: Report): boolean {
  if (typeof name !== 'string' || !SCHEMA_NAME_PATTERN.test(name)) {
    report(path, `${what} names are lower-case identifiers (a-z, 0-9, _; starting with a letter), got ${describeValue(name)}`);
    return false;
  }
  return true;
}

function checkWholeNumber(value: unknown, path: string, min: number, max: number, report: Report): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    report(path, `must be a whole number from ${min} to ${max}, got ${describeValue(value)}`);
  }
}

interface ParentCycle {
  /** Path of the parent lookup that starts the cycle. */
  readonly path: string;
  /** Entities around the cycle, first repeated at the end. */
  readonly names: string[];
}

/**
 * Every cycle of parent lookups, one per strongly connected component (a self-parent counts),
 * starting at the component's first entity in schema order.
 */
function parentCycles(entities: readonly unknown[]): ParentCycle[] {
  const indexOf = new Map<string, number>();
  entities.forEach((entity, index) => {
    if (isJsonObject(entity) && typeof entity.name === 'string' && !indexOf.has(entity.name)) indexOf.set(entity.name, index);
  });
  // edges[child] = [{ parent, path }]
  const edges = new Map<number, { parent: number; path: string }[]>();
  entities.forEach((entity, entityIndex) => {
    if (!isJsonObject(entity) || !Array.isArray(entity.fields) || indexOf.get(entity.name as string) !== entityIndex) return;
    const list: { parent: number; path: string }[] = [];
    (entity.fields as unknown[]).forEach((field, fieldIndex) => {
      if (!isJsonObject(field) || field.type !== 'lookup' || field.parent !== true || !Array.isArray(field.targets)) return;
      for (const target of field.targets as unknown[]) {
        const parent = typeof target === 'string' ? indexOf.get(target) : undefined;
        if (parent !== undefined) list.push({ parent, path: `entities[${entityIndex}].fields[${fieldIndex}].parent` });
      }
    });
    edges.set(entityIndex, list);
  });

  const cycles: ParentCycle[] = [];
  for (const component of stronglyConnected(
    entities.length,
    [...indexOf.values()].sort((a, b) => a - b),
    (node) => (edges.get(node) ?? []).map((e) => e.parent),
  )) {
    const members = new Set(component);
    const start = Math.min(...component);
    const selfLoop = (edges.get(start) ?? []).find((e) => e.parent === start);
    if (component.length === 1 && !selfLoop) continue;
    // Walk from the start inside the component to find one concrete cycle back to it.
    const route = findRoute(start, start, members, edges);
    const name = (index: number) => (entities[index] as JsonObject).name as string;
    cycles.push({ path: route[0].path, names: [name(start), ...route.map((step) => name(step.parent))] });
  }
  return cycles;
}

function findRoute(
  from: number,
  to: number,
  members: ReadonlySet<number>,
  edges: ReadonlyMap<number, { parent: number; path: string }[]>,
): { parent: number; path: string }[] {
  const previous = new Map<number, { node: number; edge: { parent: number; path: string } }>();
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const edge of edges.get(node) ?? []) {
      if (!members.has(edge.parent)) continue;
      if (edge.parent === to) {
        const route = [edge];
        for (let step = previous.get(node); step !== undefined; step = previous.get(step.node)) route.unshift(step.edge);
        return route;
      }
      if (!previous.has(edge.parent) && edge.parent !== from) {
        previous.set(edge.parent, { node, edge });
        queue.push(edge.parent);
      }
    }
  }
  return [];
}

/** Tarjan's strongly connected components over nodes `0..count-1`, iterative, roots in the given order. */
function stronglyConnected(count: number, roots: readonly number[], next: (node: number) => number[]): number[][] {
  const index: number[] = new Array<number>(count).fill(-1);
  const low: number[] = new Array<number>(count).fill(-1);
  const onStack: boolean[] = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (const root of roots) {
    if (index[root] !== -1) continue;
    const work: { node: number; successors: number[]; at: number }[] = [];
    const open = (node: number) => {
      index[node] = low[node] = counter++;
      stack.push(node);
      onStack[node] = true;
      work.push({ node, successors: next(node), at: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.successors.length) {
        const successor = frame.successors[frame.at++];
        if (index[successor] === -1) open(successor);
        else if (onStack[successor]) low[frame.node] = Math.min(low[frame.node], index[successor]);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low[parent] = Math.min(low[parent], low[frame.node]);
      }
      if (low[frame.node] === index[frame.node]) {
        const component: number[] = [];
        for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
          onStack[member] = false;
          component.push(member);
          if (member === frame.node) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}
