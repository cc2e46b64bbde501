import { InvalidFilterError } from '../../errors/invalid-filter-error';
import { isEntityReference } from '../../record/entity-reference';
import type { CrmRecord } from '../../record/crm-record';
import type { FieldValue, FieldValues } from '../../record/field-value';
import type { EntitySchema, Schema } from '../../schema/entity-schema';
import type { FieldSchema } from '../../schema/field-schema';
import { encodeSqlValue } from '../../sql/encode-sql-value';
import type { FilterContext, ParentResolver } from '../evaluation-context';
import type { FilterCondition, FilterNode } from '../filter-node';
import { coerceLiteral, literalList } from '../operands/coerce-literal';
import { dayPart, daysOf, relativeDayRange } from '../operands/relative-day-range';
import { resolveEntity, resolveField } from '../operands/resolve-field';
import { assertFilterDepth } from '../validate/assert-filter-depth';
import { compareSqliteValues } from './compare-sqlite-values';
import { asciiLower, sqliteLikeMatcher } from './sqlite-like';

/** A compiled filter: true when the record's field values match. */
export type FilterPredicate = (fields: FieldValues) => boolean;

/** What evaluating a link node needs besides the record. */
export interface FilterPredicateOptions {
  /** Finds the parent record of a link; required when the filter has a link. */
  readonly resolveParent?: ParentResolver;
  /** The schema that holds the linked parent entities; required when the filter has a link. */
  readonly schema?: Schema;
  /** Path used in error messages. @default 'where' */
  readonly path?: string;
}

type Operand = string | number | null;

function valueOf(field: FieldSchema, fields: FieldValues): Operand {
  const value: FieldValue | undefined = fields[field.name];
  return value === undefined ? null : encodeSqlValue(field, value);
}

function conditionPredicate(entity: EntitySchema, node: FilterCondition, context: FilterContext, path: string): FilterPredicate {
  const field = resolveField(entity, node.field, `${path}.field`);
  const has = (fields: FieldValues) => valueOf(field, fields) !== null;
  const literals = literalList(node.value).map((literal) => coerceLiteral(field, literal));
  const compareWith = (test: (order: number) => boolean, operand: string | number): FilterPredicate => {
    return (fields) => {
      const value = valueOf(field, fields);
      return value !== null && test(compareSqliteValues(value, operand));
    };
  };
  const scalar = (): string | number => {
    if (Array.isArray(node.value) || literals.length !== 1) throw new InvalidFilterError(`operator '${node.operator}' needs one value`, `${path}.value`);
    return literals[0];
  };
  switch (node.operator) {
    case 'null':
      return (fields) => !has(fields);
    case 'not-null':
      return has;
    case 'eq':
      return compareWith((o) => o === 0, scalar());
    case 'ne':
      return compareWith((o) => o !== 0, scalar());
    case 'lt':
      return compareWith((o) => o < 0, scalar());
    case 'le':
      return compareWith((o) => o <= 0, scalar());
    case 'gt':
      return compareWith((o) => o > 0, scalar());
    case 'ge':
      return compareWith((o) => o >= 0, scalar());
    case 'in':
    case 'not-in': {
      const wanted = node.operator === 'in';
      return (fields) => {
        const value = valueOf(field, fields);
        if (value === null) return false;
        return literals.some((literal) => compareSqliteValues(value, literal) === 0) === wanted;
      };
    }
    case 'like': {
      const matches = sqliteLikeMatcher(String(scalar()));
      return (fields) => {
        const value = valueOf(field, fields);
        return value !== null && matches(String(value));
      };
    }
    case 'begins-with': {
      const prefix = asciiLower(String(scalar()));
      return (fields) => {
        const value = valueOf(field, fields);
        return value !== null && asciiLower(String(value)).startsWith(prefix);
      };
    }
    case 'last-x-days':
    case 'next-x-days':
    case 'older-than-x-days': {
      const days = daysOf(node.value);
      if (Number.isNaN(days)) throw new InvalidFilterError(`operator '${node.operator}' needs a whole number of days`, `${path}.value`);
      const { lower, upper } = relativeDayRange(node.operator, days, field.type, context.clock.now());
      return (fields) => {
        const value = valueOf(field, fields);
        if (value === null) return false;
        if (lower && compareSqliteValues(value, lower.value) < (lower.inclusive ? 0 : 1)) return false;
        if (upper && compareSqliteValues(value, upper.value) > (upper.inclusive ? 0 : -1)) return false;
        return true;
      };
    }
    case 'on-or-after':
    case 'on-or-before': {
      const day = dayPart(String(scalar()));
      const after = node.operator === 'on-or-after';
      return (fields) => {
        const value = valueOf(field, fields);
        if (value === null) return false;
        const order = compareSqliteValues(dayPart(String(value)), day);
        return after ? order >= 0 : order <= 0;
      };
    }
    case 'eq-userid':
      return compareWith((o) => o === 0, context.userId);
    case 'eq-businessid':
      return compareWith((o) => o === 0, context.businessUnitId);
    default:
      throw new InvalidFilterError(`unknown operator '${String(node.operator)}'`, `${path}.operator`);
  }
}

function nodePredicate(
  entity: EntitySchema,
  node: FilterNode,
  context: FilterContext,
  options: FilterPredicateOptions,
  path: string,
  insideLink: boolean,
): FilterPredicate {
  switch (node.kind) {
    case 'condition':
      return conditionPredicate(entity, node, context, path);
    case 'group': {
      const children = node.children.map((child, i) => nodePredicate(entity, child, context, options, `${path}.children[${i}]`, insideLink));
      if (node.type === 'and') return (fields) => children.every((child) => child(fields));
      if (node.type === 'or') return (fields) => children.some((child) => child(fields));
      throw new InvalidFilterError(`group type must be 'and' or 'or', got '${String(node.type)}'`, `${path}.type`);
    }
    case 'link': {
      if (insideLink) throw new InvalidFilterError('a link may not contain another link', path);
      const { resolveParent, schema } = options;
      if (!resolveParent || !schema) throw new InvalidFilterError('evaluating a link needs a parent resolver and the schema', path);
      const lookup = resolveField(entity, node.lookup, `${path}.lookup`);
      const parentEntity = resolveEntity(schema, node.entity, `${path}.entity`);
      const parentMatches = nodePredicate(parentEntity, node.filter, context, options, `${path}.filter`, true);
      return (fields) => {
        const id = valueOf(lookup, fields);
        if (id === null) return false;
        const parent = resolveParent(node.entity, String(id));
        return parent !== undefined && parentMatches(parent.fields);
      };
    }
    default:
      throw new InvalidFilterError(`unknown node kind '${String((node as { kind: unknown }).kind)}'`, `${path}.kind`);
  }
}

/**
 * Compiles a filter node into a predicate over one entity's field values, reading the clock once.
 * Use it to test many records against one filter; it matches exactly the rows the SQL compiler selects
 * (see docs/filters.md). Throws {@link InvalidFilterError} for an unknown field, entity or operator.
 */
export function createFilterPredicate(
  node: FilterNode | undefined,
  entity: EntitySchema,
  context: FilterContext,
  options: FilterPredicateOptions = {},
): FilterPredicate {
  if (node === undefined) return () => true;
  assertFilterDepth(node, options.path ?? 'where');
  return nodePredicate(entity, node, context, options, options.path ?? 'where', false);
}

function isCrmRecord(record: FieldValues | CrmRecord): record is CrmRecord {
  const candidate = record as Partial<CrmRecord>;
  return (
    typeof candidate.entity === 'string' &&
    typeof candidate.id === 'string' &&
    typeof candidate.fields === 'object' &&
    candidate.fields !== null &&
    !isEntityReference(candidate.fields)
  );
}

/**
 * True when the record matches the filter node (an absent node matches every record), with SQL's
 * null rules: any comparison with a null field is false, `ne` and `not-in` included. A link matches
 * when its lookup is set, `resolveParent` finds the parent in `schema`'s entity, and the parent matches.
 */
export function evaluateFilter(
  node: FilterNode | undefined,
  record: FieldValues | CrmRecord,
  entity: EntitySchema,
  context: FilterContext,
  resolveParent?: ParentResolver,
  schema?: Schema,
): boolean {
  const fields = isCrmRecord(record) ? record.fields : record;
  return createFilterPredicate(node, entity, context, { resolveParent, schema })(fields);
}
