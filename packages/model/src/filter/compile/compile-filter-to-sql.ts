import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { InvalidFilterError } from '../../errors/invalid-filter-error';
import type { EntitySchema, Schema } from '../../schema/entity-schema';
import type { FilterContext } from '../evaluation-context';
import type { FilterCondition, FilterNode } from '../filter-node';
import { coerceLiteral, literalList } from '../operands/coerce-literal';
import { dayPart, daysOf, relativeDayRange } from '../operands/relative-day-range';
import { resolveEntity, resolveField } from '../operands/resolve-field';
import { assertFilterDepth } from '../validate/assert-filter-depth';

/** A kysely expression builder over any database: the compiled filter only uses quoted identifiers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExpressionBuilder = ExpressionBuilder<any, any>;

/** A compiled filter: pass it to kysely's `.where(...)`. */
export type SqlFilterFactory = (eb: AnyExpressionBuilder) => Expression<SqlBool>;

/** Options of {@link compileFilterToSql}. */
export interface CompileFilterToSqlOptions {
  /** Holds the entities that links point to. */
  readonly schema: Schema;
  /** The filtered entity (the table's columns follow its fields). */
  readonly entity: EntitySchema;
  /** Clock (relative dates are fixed when the factory runs), user and business unit. */
  readonly context: FilterContext;
  /** Table name or alias that qualifies the filtered entity's columns. @default unqualified */
  readonly table?: string;
  /** Path used in error messages. @default 'where' */
  readonly path?: string;
}

/** Prefix of the aliases given to linked parent tables inside their subqueries. */
const LINK_ALIAS = '__fs_link';

interface Scope {
  readonly entity: EntitySchema;
  readonly table?: string;
}

function column(scope: Scope, name: string) {
  return scope.table === undefined ? sql.id(name) : sql.id(scope.table, name);
}

function condition(eb: AnyExpressionBuilder, scope: Scope, node: FilterCondition, context: FilterContext, path: string): Expression<SqlBool> {
  const field = resolveField(scope.entity, node.field, `${path}.field`);
  const col = column(scope, field.name);
  const literals = literalList(node.value).map((literal) => coerceLiteral(field, literal));
  const scalar = (): string | number => {
    if (Array.isArray(node.value) || literals.length !== 1) throw new InvalidFilterError(`operator '${node.operator}' needs one value`, `${path}.value`);
    return literals[0];
  };
  switch (node.operator) {
    case 'null':
      return eb(col, 'is', null);
    case 'not-null':
      return eb(col, 'is not', null);
    case 'eq':
      return eb(col, '=', scalar());
    case 'ne':
      return eb(col, '<>', scalar());
    case 'lt':
      return eb(col, '<', scalar());
    case 'le':
      return eb(col, '<=', scalar());
    case 'gt':
      return eb(col, '>', scalar());
    case 'ge':
      return eb(col, '>=', scalar());
    case 'in':
      // SQLite accepts `x IN ()`, other databases do not: an empty list selects nothing.
      return literals.length === 0 ? eb.or([]) : eb(col, 'in', literals);
    case 'not-in':
      return literals.length === 0 ? eb(col, 'is not', null) : eb(col, 'not in', literals);
    case 'like':
      return eb(col, 'like', String(scalar()));
    case 'begins-with': {
      const escaped = String(scalar()).replace(/[\\%_]/g, (c) => `\\${c}`);
      return sql<SqlBool>`${col} like ${`${escaped}%`} escape ${'\\'}`;
    }
    case 'last-x-days':
    case 'next-x-days':
    case 'older-than-x-days': {
      const days = daysOf(node.value);
      if (Number.isNaN(days)) throw new InvalidFilterError(`operator '${node.operator}' needs a whole number of days`, `${path}.value`);
      const { lower, upper } = relativeDayRange(node.operator, days, field.type, context.clock.now());
      const parts: Expression<SqlBool>[] = [];
      if (lower) parts.push(eb(col, lower.inclusive ? '>=' : '>', lower.value));
      if (upper) parts.push(eb(col, upper.inclusive ? '<=' : '<', upper.value));
      return parts.length === 1 ? parts[0] : eb.and(parts);
    }
    case 'on-or-after':
      return eb(eb.fn('substr', [col, eb.val(1), eb.val(10)]), '>=', dayPart(String(scalar())));
    case 'on-or-before':
      return eb(eb.fn('substr', [col, eb.val(1), eb.val(10)]), '<=', dayPart(String(scalar())));
    case 'eq-userid':
      return eb(col, '=', context.userId);
    case 'eq-businessid':
      return eb(col, '=', context.businessUnitId);
    default:
      throw new InvalidFilterError(`unknown operator '${String(node.operator)}'`, `${path}.operator`);
  }
}

function compileNode(
  eb: AnyExpressionBuilder,
  scope: Scope,
  node: FilterNode,
  options: CompileFilterToSqlOptions,
  path: string,
  link: { count: number } | undefined,
): Expression<SqlBool> {
  switch (node.kind) {
    case 'condition':
      return condition(eb, scope, node, options.context, path);
    case 'group': {
      const children = node.children.map((child, i) => compileNode(eb, scope, child, options, `${path}.children[${i}]`, link));
      if (node.type === 'and') return eb.and(children);
      if (node.type === 'or') return eb.or(children);
      throw new InvalidFilterError(`group type must be 'and' or 'or', got '${String(node.type)}'`, `${path}.type`);
    }
    case 'link': {
      if (!link) throw new InvalidFilterError('a link may not contain another link', path);
      const lookup = resolveField(scope.entity, node.lookup, `${path}.lookup`);
      const parent = resolveEntity(options.schema, node.entity, `${path}.entity`);
      const alias = `${LINK_ALIAS}${link.count++}`;
      const parentFilter = compileNode(eb, { entity: parent, table: alias }, node.filter, options, `${path}.filter`, undefined);
      return sql<SqlBool>`${column(scope, lookup.name)} in (select ${sql.id(alias, parent.primaryKey)} from ${sql.id(parent.name)} as ${sql.id(alias)} where ${parentFilter})`;
    }
    default:
      throw new InvalidFilterError(`unknown node kind '${String((node as { kind: unknown }).kind)}'`, `${path}.kind`);
  }
}

/**
 * Compiles a filter node into a kysely `where` factory over the entity's table (columns as laid out by
 * `recordToRow`). Every value is a parameter and every identifier is quoted; a link becomes
 * `lookup IN (SELECT pk FROM parent WHERE …)`. Selects exactly what {@link evaluateFilter} accepts.
 * Throws {@link FilterTooDeepError} at once for a filter nested too deep, and {@link InvalidFilterError} when the factory runs on an unknown field, entity or operator.
 * @example db.selectFrom('account').selectAll().where(compileFilterToSql(filter.where, { schema, entity, context }))
 */
export function compileFilterToSql(node: FilterNode | undefined, options: CompileFilterToSqlOptions): SqlFilterFactory {
  assertFilterDepth(node, options.path ?? 'where');
  return (eb) => {
    if (node === undefined) return eb.and([]);
    return compileNode(eb, { entity: options.entity, table: options.table }, node, options, options.path ?? 'where', { count: 0 });
  };
}
