import type { SObjectField, SObjectType, SalesforceFieldType } from '../naming/sobject-naming';
import type { SfRow, SfValue } from '../records/sf-row';
import type { SoqlCondition, SoqlPath, SoqlQuery, SoqlValue } from '../soql/soql-ast';
import { dateLiteralRange } from '../soql/date-literal-range';
import { SoqlError } from '../soql/soql-error';

/** Fields of a parent the query may name: a known sObject's fields, or for polymorphic / owner references the "Name" object's. */
export interface ParentFields {
  /** The single target sObject, when the reference has one. */
  readonly target?: SObjectType;
}

/** A field a query names, resolved against the sObject. */
export interface ResolvedPath {
  readonly path: SoqlPath;
  /** The field on the queried sObject (for a parent path, the reference field). */
  readonly field: SObjectField;
  /** For `Rel.Field`: the parent field's canonical name and type. */
  readonly parent?: { readonly relationshipName: string; readonly name: string; readonly type: SalesforceFieldType };
}

/** What the emulator needs to know to resolve names for one user. */
export interface QueryContext {
  /** The sObject a reference field points at, when it is a single known, readable sObject. */
  targetOf(field: SObjectField): SObjectType | undefined;
  /** Whether the user may read this field (field-level security). */
  readable(type: SObjectType, field: SObjectField): boolean;
  readonly now: number;
}

/** A compiled query: the resolved selection and the filter and order as functions over rows. */
export interface CompiledQuery {
  readonly type: SObjectType;
  readonly select: readonly ResolvedPath[];
  /** Relationships the query reads (lower-cased relationship names) with their reference field. */
  readonly relationships: ReadonlyMap<string, SObjectField>;
  readonly where: (row: SfRow) => boolean;
  readonly compare: ((a: SfRow, b: SfRow) => number) | undefined;
  readonly usesIsDeleted: boolean;
}

/** Fields the "Name" object of polymorphic and owner references offers. */
const NAME_OBJECT_FIELDS: Readonly<Record<string, { name: string; type: SalesforceFieldType }>> = {
  id: { name: 'Id', type: 'id' },
  name: { name: 'Name', type: 'string' },
  type: { name: 'Type', type: 'string' },
  username: { name: 'Username', type: 'string' },
};

function noSuchColumn(name: string, type: string): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

function resolvePath(type: SObjectType, path: SoqlPath, context: QueryContext): ResolvedPath {
  if (path.length === 1) {
    const field = type.fieldByLowerName.get(path[0].toLowerCase());
    if (!field || !context.readable(type, field)) throw noSuchColumn(path[0], type.name);
    return { path, field };
  }
  if (path.length === 2) {
    const reference = type.relationshipByLowerName.get(path[0].toLowerCase());
    if (!reference || !context.readable(type, reference)) {
      throw new SoqlError(
        'INVALID_FIELD',
        `Didn't understand relationship '${path[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const target = context.targetOf(reference);
    if (target) {
      const field = target.fieldByLowerName.get(path[1].toLowerCase());
      if (!field || !context.readable(target, field)) throw noSuchColumn(path[1], target.name);
      return { path, field: reference, parent: { relationshipName: reference.relationshipName ?? path[0], name: field.name, type: field.type } };
    }
    const named = NAME_OBJECT_FIELDS[path[1].toLowerCase()];
    if (!named) throw noSuchColumn(path[1], 'Name');
    return { path, field: reference, parent: { relationshipName: reference.relationshipName ?? path[0], name: named.name, type: named.type } };
  }
  throw new SoqlError('INVALID_FIELD', `The emulator reads one parent level only: '${path.join('.')}'`);
}

/** The value of a resolved path in a row (parents filled by the executor). */
export function valueAt(row: SfRow, resolved: ResolvedPath): SfValue {
  if (!resolved.parent) return row.values.get(resolved.field.name.toLowerCase()) ?? null;
  const parent = row.parents.get(resolved.parent.relationshipName.toLowerCase());
  return parent ? (parent.values.get(resolved.parent.name.toLowerCase()) ?? null) : null;
}

const typeOf = (resolved: ResolvedPath): SalesforceFieldType => resolved.parent?.type ?? resolved.field.type;

type Operand = { kind: 'scalar'; value: SfValue } | { kind: 'range'; start: number; end: number };

function typeName(type: SalesforceFieldType): string {
  return type === 'datetime' ? 'dateTime' : type === 'int' || type === 'currency' ? 'number' : type;
}

/** Checks a literal against the field's type the way Salesforce does, and makes it comparable. */
function operand(resolved: ResolvedPath, value: SoqlValue, now: number): Operand {
  const type = typeOf(resolved);
  const name = resolved.path.join('.');
  const wrong = () =>
    new SoqlError(
      'INVALID_FIELD',
      `value of filter criterion for field '${name}' must be of type ${typeName(type)}${['string', 'id', 'reference', 'picklist', 'textarea'].includes(type) ? ' and should be enclosed in quotes' : ' and should not be enclosed in quotes'}`,
    );
  if (value.kind === 'null') return { kind: 'scalar', value: null };
  switch (type) {
    case 'id':
    case 'reference':
    case 'string':
    case 'textarea':
    case 'picklist':
      if (value.kind !== 'string') throw wrong();
      return { kind: 'scalar', value: value.value };
    case 'int':
    case 'double':
    case 'currency':
      if (value.kind !== 'number') throw wrong();
      return { kind: 'scalar', value: value.value };
    case 'boolean':
      if (value.kind !== 'boolean') throw wrong();
      return { kind: 'scalar', value: value.value };
    case 'datetime':
      if (value.kind === 'datetime') return { kind: 'scalar', value: value.value };
      if (value.kind === 'dateLiteral') return { kind: 'range', ...dateLiteralRange(value, now) };
      throw wrong();
    case 'base64':
      throw new SoqlError('INVALID_FIELD', `field '${name}' can not be filtered in a query call`);
    case 'date':
      if (value.kind === 'date') return { kind: 'scalar', value: value.value };
      if (value.kind === 'dateLiteral') return { kind: 'range', ...dateLiteralRange(value, now) };
      throw wrong();
  }
}

/** Orders two non-null values; text without regard to case, as SOQL does. */
function order(a: Exclude<SfValue, null>, b: Exclude<SfValue, null>): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function likeRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += pattern[++i];
      continue;
    }
    source += ch === '%' ? '[\\s\\S]*' : ch === '_' ? '[\\s\\S]' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

function compare(value: SfValue, op: string, target: Operand): boolean {
  if (target.kind === 'range') {
    if (value === null || typeof value !== 'number') return op === '!=';
    switch (op) {
      case '=':
        return value >= target.start && value < target.end;
      case '!=':
        return !(value >= target.start && value < target.end);
      case '<':
        return value < target.start;
      case '<=':
        return value < target.end;
      case '>':
        return value >= target.end;
      default:
        return value >= target.start;
    }
  }
  const literal = target.value;
  if (literal === null) return op === '=' ? value === null : op === '!=' ? value !== null : false;
  if (value === null) return op === '!=';
  const c = order(value, literal);
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/**
 * Resolves a parsed query against an sObject for one user and compiles its filter and order.
 * Throws {@link SoqlError} `INVALID_FIELD` for an unknown or unreadable field or a literal of the
 * wrong type.
 */
export function compileQuery(query: SoqlQuery, type: SObjectType, context: QueryContext): CompiledQuery {
  const relationships = new Map<string, SObjectField>();
  let usesIsDeleted = false;
  const resolve = (path: SoqlPath): ResolvedPath => {
    const resolved = resolvePath(type, path, context);
    if (resolved.parent) relationships.set(resolved.parent.relationshipName.toLowerCase(), resolved.field);
    if (!resolved.parent && resolved.field.synthetic === 'isDeleted') usesIsDeleted = true;
    return resolved;
  };
  const select = query.fields.map(resolve);
  const seen = new Set<string>();
  for (const item of select) {
    const key = item.path.join('.').toLowerCase();
    if (seen.has(key)) throw new SoqlError('MALFORMED_QUERY', `duplicate field selected: ${item.path.join('.')}`);
    seen.add(key);
  }
  const build = (condition: SoqlCondition): ((row: SfRow) => boolean) => {
    switch (condition.kind) {
      case 'and': {
        const items = condition.items.map(build);
        return (row) => items.every((item) => item(row));
      }
      case 'or': {
        const items = condition.items.map(build);
        return (row) => items.some((item) => item(row));
      }
      case 'not': {
        const item = build(condition.item);
        return (row) => !item(row);
      }
      case 'compare': {
        const resolved = resolve(condition.field);
        const target = operand(resolved, condition.value, context.now);
        if (target.kind === 'scalar' && target.value !== null && ['<', '<=', '>', '>='].includes(condition.op) && typeOf(resolved) === 'boolean') {
          throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on boolean field '${condition.field.join('.')}'`);
        }
        return (row) => compare(valueAt(row, resolved), condition.op, target);
      }
      case 'in': {
        const resolved = resolve(condition.field);
        const targets = condition.values.map((value) => operand(resolved, value, context.now));
        return (row) => {
          const value = valueAt(row, resolved);
          const found = targets.some((target) => compare(value, '=', target));
          return condition.negated ? !found && value !== null : found;
        };
      }
      case 'like': {
        const resolved = resolve(condition.field);
        if (!['string', 'textarea', 'picklist', 'id', 'reference'].includes(typeOf(resolved))) {
          throw new SoqlError('INVALID_FIELD', `invalid operator on field '${condition.field.join('.')}': LIKE works on text only`);
        }
        const regexp = likeRegExp(condition.pattern);
        return (row) => {
          const value = valueAt(row, resolved);
          return typeof value === 'string' && regexp.test(value);
        };
      }
    }
  };
  const where = query.where ? build(query.where) : () => true;
  const orderings = query.orderBy.map((item) => ({ ...item, resolved: resolve(item.field) }));
  const comparator =
    orderings.length === 0
      ? undefined
      : (a: SfRow, b: SfRow): number => {
          for (const item of orderings) {
            const x = valueAt(a, item.resolved);
            const y = valueAt(b, item.resolved);
            if (x === null && y === null) continue;
            if (x === null) return item.nullsLast ? 1 : -1;
            if (y === null) return item.nullsLast ? -1 : 1;
            const c = order(x, y);
            if (c !== 0) return item.descending ? -c : c;
          }
          return 0;
        };
  return { type, select, relationships, where, compare: comparator, usesIsDeleted };
}
