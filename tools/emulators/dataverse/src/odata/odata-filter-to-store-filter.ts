import type { Clock, EntitySchema, FieldSchema, FilterLiteral, FilterNode, FilterOperator } from '@fieldsync/model';
import { isReferenceType, unhandledValueKind, valueKindOf } from '@fieldsync/model';
import type { EntityCatalog } from '../naming/entity-catalog';
import { queryError } from '../server/dataverse-api-error';
import type {
  ODataComparison,
  ODataComparisonOperator,
  ODataFilter,
  ODataLiteral,
  ODataProperty,
  ODataQueryFunction,
  ODataStringFunction,
} from './odata-filter-ast';

const MATCH_ALL: FilterNode = { kind: 'group', type: 'and', children: [] };
const MATCH_NONE: FilterNode = { kind: 'group', type: 'or', children: [] };
const DAY_MS = 86_400_000;

const EDM_TYPES: Record<FieldSchema['type'], string> = {
  string: 'Edm.String',
  memo: 'Edm.String',
  int: 'Edm.Int32',
  decimal: 'Edm.Decimal',
  money: 'Edm.Decimal',
  bool: 'Edm.Boolean',
  datetime: 'Edm.DateTimeOffset',
  date: 'Edm.Date',
  lookup: 'Edm.Guid',
  owner: 'Edm.Guid',
  picklist: 'Edm.Int32',
  state: 'Edm.Int32',
  status: 'Edm.Int32',
};
const LITERAL_TYPES: Record<ODataLiteral['type'], string> = {
  string: 'Edm.String',
  number: 'Edm.Int32',
  bool: 'Edm.Boolean',
  guid: 'Edm.Guid',
  date: 'Edm.Date',
  datetime: 'Edm.DateTimeOffset',
  null: 'null',
};
const OPERATOR_KINDS: Record<ODataComparisonOperator, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};
const NEGATED: Record<ODataComparisonOperator, ODataComparisonOperator> = { eq: 'ne', ne: 'eq', gt: 'le', ge: 'lt', lt: 'ge', le: 'gt' };

/** What the translation needs besides the filter. */
export interface StoreFilterContext {
  readonly catalog: EntityCatalog;
  /** For `Today`, `Yesterday`, `Tomorrow`. */
  readonly clock: Clock;
}

function and(...children: FilterNode[]): FilterNode {
  return children.length === 1 ? children[0] : { kind: 'group', type: 'and', children };
}

function or(...children: FilterNode[]): FilterNode {
  return children.length === 1 ? children[0] : { kind: 'group', type: 'or', children };
}

function notFound(entity: EntitySchema, property: string): Error {
  return queryError(`Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${entity.name}'.`);
}

/** The store value of a literal compared with a field, or a 400 naming the incompatible types. */
function storeValue(field: FieldSchema, literal: ODataLiteral, operator: ODataComparisonOperator, primaryKey: boolean): FilterLiteral {
  const incompatible = () =>
    queryError(
      `A binary operator with incompatible types was detected. Found operand types '${EDM_TYPES[field.type]}' and '${LITERAL_TYPES[literal.type]}' for operator kind '${OPERATOR_KINDS[operator]}'.`,
    );
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'text':
      if (literal.type === 'string') return literal.value;
      if (literal.type === 'guid' && primaryKey) return literal.value;
      throw incompatible();
    case 'whole-number':
    case 'number':
      if (literal.type === 'number') return literal.value;
      throw incompatible();
    case 'boolean':
      if (literal.type === 'bool') return literal.value;
      throw incompatible();
    case 'date-time':
      if (literal.type === 'datetime') return literal.value;
      if (literal.type === 'date') return `${literal.value}T00:00:00.000Z`;
      throw incompatible();
    case 'date':
      if (literal.type === 'date') return literal.value;
      if (literal.type === 'datetime') return literal.value.slice(0, 10);
      throw incompatible();
    case 'reference':
      if (literal.type === 'guid' || literal.type === 'string') return literal.value.toLowerCase();
      throw incompatible();
    default:
      return unhandledValueKind(kind);
  }
}

/** The entity and field a property path names, and the link it goes through (for `nav/field`). */
interface ResolvedProperty {
  readonly entity: EntitySchema;
  readonly field: FieldSchema;
  readonly link?: { readonly lookup: string; readonly entity: string };
}

function resolveProperty(entity: EntitySchema, property: ODataProperty, context: StoreFilterContext): ResolvedProperty {
  const [first, second, third] = property.segments;
  if (second === undefined) {
    const field = context.catalog.structuralField(entity, first);
    if (!field) throw notFound(entity, first);
    return { entity, field };
  }
  const navigation = context.catalog.navigation(entity, first);
  if (!navigation) throw notFound(entity, first);
  if (third !== undefined) throw queryError(`Only one level of navigation is supported in $filter: '${property.segments.join('/')}'.`);
  const target = context.catalog.byName(navigation.target)?.entity;
  if (!target) throw notFound(entity, first);
  const field = context.catalog.structuralField(target, second);
  if (!field) throw notFound(target, second);
  return { entity: target, field, link: { lookup: navigation.lookup.name, entity: target.name } };
}

/** Wraps a condition on a parent in its link; a negated link also matches records without a parent (OData's null rules). */
function inLink(resolved: ResolvedProperty, node: FilterNode, negated: boolean): FilterNode {
  if (!resolved.link) return node;
  const link: FilterNode = { kind: 'link', lookup: resolved.link.lookup, entity: resolved.link.entity, filter: node };
  return negated ? or({ kind: 'condition', field: resolved.link.lookup, operator: 'null' }, link) : link;
}

function comparison(entity: EntitySchema, node: ODataComparison, negated: boolean, context: StoreFilterContext): FilterNode {
  const resolved = resolveProperty(entity, node.property, context);
  const field = resolved.field.name;
  const operator = negated ? NEGATED[node.operator] : node.operator;
  if (node.value.type === 'null') {
    if (operator !== 'eq' && operator !== 'ne') return inLink(resolved, MATCH_NONE, negated);
    return inLink(resolved, { kind: 'condition', field, operator: operator === 'eq' ? 'null' : 'not-null' }, negated);
  }
  const value = storeValue(resolved.field, node.value, node.operator, resolved.field.name === resolved.entity.primaryKey);
  const condition = (op: FilterOperator): FilterNode => ({ kind: 'condition', field, operator: op, value });
  // OData compares null as a value: `x ne 5` and `not (x gt 5)` also match a null x; SQL's do not.
  if (operator === 'ne') return inLink(resolved, or(condition('ne'), { kind: 'condition', field, operator: 'null' }), negated);
  if (negated && operator !== 'eq') return inLink(resolved, or(condition(operator), { kind: 'condition', field, operator: 'null' }), negated);
  return inLink(resolved, condition(operator), negated);
}

function stringFunction(entity: EntitySchema, node: ODataStringFunction, negated: boolean, context: StoreFilterContext): FilterNode {
  if (negated) throw queryError(`'not' over '${node.name}' is not supported by the emulator's filter translation.`);
  const resolved = resolveProperty(entity, node.property, context);
  if (resolved.field.type !== 'string' && resolved.field.type !== 'memo') {
    throw queryError(
      `No function signature for the function with name '${node.name}' matches the specified arguments. The function signatures considered are: ${node.name}(Edm.String Nullable=true, Edm.String Nullable=true).`,
    );
  }
  const field = resolved.field.name;
  // The store's LIKE has no escape: a % or _ in the text stays a wildcard (the connector never sends one).
  const pattern = node.value;
  const condition: FilterNode =
    node.name === 'startswith'
      ? { kind: 'condition', field, operator: 'begins-with', value: node.value }
      : { kind: 'condition', field, operator: 'like', value: node.name === 'contains' ? `%${pattern}%` : `%${pattern}` };
  return inLink(resolved, condition, false);
}

function argument(node: ODataQueryFunction, name: string): ODataLiteral {
  const value = node.arguments[name];
  if (value === undefined || Array.isArray(value)) throw queryError(`The function '${node.name}' requires the parameter '${name}'.`);
  return value as ODataLiteral;
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function queryFunction(entity: EntitySchema, node: ODataQueryFunction, negated: boolean, context: StoreFilterContext): FilterNode {
  if (negated) throw queryError(`'not' over 'Microsoft.Dynamics.CRM.${node.name}' is not supported by the emulator's filter translation.`);
  const nameLiteral = argument(node, 'PropertyName');
  if (nameLiteral.type !== 'string') throw queryError(`The parameter 'PropertyName' of '${node.name}' must be a string.`);
  const propertyName = nameLiteral.value;
  const field =
    entity.fields.find((f) => f.name === propertyName) ??
    context.catalog.structuralField(entity, propertyName) ??
    (() => {
      throw notFound(entity, propertyName);
    })();
  const days = (): number => {
    const value = argument(node, 'PropertyValue');
    const n = value.type === 'number' ? value.value : value.type === 'string' ? Number(value.value) : NaN;
    if (!Number.isInteger(n) || n < 0) throw queryError(`The parameter 'PropertyValue' of '${node.name}' must be a whole number of days.`);
    return n;
  };
  const day = (): string => {
    const value = argument(node, 'PropertyValue');
    if (value.type === 'date') return value.value;
    if ((value.type === 'string' || value.type === 'datetime') && /^\d{4}-\d{2}-\d{2}/.test(value.value)) return value.value.slice(0, 10);
    throw queryError(`The parameter 'PropertyValue' of '${node.name}' must be a date.`);
  };
  const list = (): FilterLiteral[] => {
    const values = node.arguments['PropertyValues'];
    if (!Array.isArray(values)) throw queryError(`The function '${node.name}' requires the parameter 'PropertyValues'.`);
    return (values as readonly ODataLiteral[]).map((v) => {
      if (v.type === 'null') throw queryError(`The parameter 'PropertyValues' of '${node.name}' may not hold null.`);
      return storeValue(
        field,
        v.type === 'string' && !['string', 'memo'].includes(field.type) && !isReferenceType(field.type)
          ? { kind: 'literal', type: 'number', value: Number(v.value) }
          : v,
        'eq',
        false,
      );
    });
  };
  const onDay = (value: string): FilterNode =>
    and({ kind: 'condition', field: field.name, operator: 'on-or-after', value }, { kind: 'condition', field: field.name, operator: 'on-or-before', value });
  const today = Math.floor(context.clock.now() / DAY_MS) * DAY_MS;
  switch (node.name) {
    case 'LastXDays':
      return { kind: 'condition', field: field.name, operator: 'last-x-days', value: days() };
    case 'NextXDays':
      return { kind: 'condition', field: field.name, operator: 'next-x-days', value: days() };
    case 'OlderThanXDays':
      return { kind: 'condition', field: field.name, operator: 'older-than-x-days', value: days() };
    case 'OnOrAfter':
      return { kind: 'condition', field: field.name, operator: 'on-or-after', value: day() };
    case 'OnOrBefore':
      return { kind: 'condition', field: field.name, operator: 'on-or-before', value: day() };
    case 'On':
      return onDay(day());
    case 'Today':
      return onDay(dayOf(today));
    case 'Yesterday':
      return onDay(dayOf(today - DAY_MS));
    case 'Tomorrow':
      return onDay(dayOf(today + DAY_MS));
    case 'EqualUserId':
      return { kind: 'condition', field: field.name, operator: 'eq-userid' };
    case 'EqualBusinessId':
      return { kind: 'condition', field: field.name, operator: 'eq-businessid' };
    case 'In':
      return { kind: 'condition', field: field.name, operator: 'in', value: list() };
    case 'NotIn':
      return { kind: 'condition', field: field.name, operator: 'not-in', value: list() };
    case 'Between': {
      const [low, high] = list();
      if (low === undefined || high === undefined) throw queryError(`The function 'Between' needs two values.`);
      return and({ kind: 'condition', field: field.name, operator: 'ge', value: low }, { kind: 'condition', field: field.name, operator: 'le', value: high });
    }
    default:
      throw queryError(
        `An unknown function with name 'Microsoft.Dynamics.CRM.${node.name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
      );
  }
}

function translate(entity: EntitySchema, node: ODataFilter, negated: boolean, context: StoreFilterContext): FilterNode {
  switch (node.kind) {
    case 'constant':
      return node.value !== negated ? MATCH_ALL : MATCH_NONE;
    case 'not':
      return translate(entity, node.operand, !negated, context);
    case 'and':
    case 'or': {
      const children = [translate(entity, node.left, negated, context), translate(entity, node.right, negated, context)];
      // De Morgan: a negated and is an or of negations.
      return (node.kind === 'and') !== negated ? and(...children) : or(...children);
    }
    case 'compare':
      return comparison(entity, node, negated, context);
    case 'stringFunction':
      return stringFunction(entity, node, negated, context);
    case 'queryFunction':
      return queryFunction(entity, node, negated, context);
  }
}

/**
 * Translates a parsed `$filter` into crm-store's filter AST for `entity`, so the store runs all of it
 * in SQL. OData's null rules are kept (`x ne 5` matches a null `x`; so does `not (x gt 5)`); `not` is
 * pushed inward by De Morgan. Throws a 400 `DataverseApiError` (`0x80060888`) naming an unknown
 * property, incompatible operand types or an unknown query function.
 */
export function odataFilterToStoreFilter(filter: ODataFilter, entity: EntitySchema, context: StoreFilterContext): FilterNode {
  return translate(entity, filter, false, context);
}
