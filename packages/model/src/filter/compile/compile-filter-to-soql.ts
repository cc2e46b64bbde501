import { InvalidFilterError } from '../../errors/invalid-filter-error';
import type { EntitySchema, Schema } from '../../schema/entity-schema';
import type { FieldSchema } from '../../schema/field-schema';
import { unhandledValueKind, valueKindOf } from '../../schema/field-type-traits';
import type { FilterContext } from '../evaluation-context';
import type { FilterCondition, FilterNode, SyncFilter } from '../filter-node';
import { coerceLiteral, literalList } from '../operands/coerce-literal';
import { dayPart, daysOf } from '../operands/relative-day-range';
import { resolveEntity, resolveField } from '../operands/resolve-field';
import { assertFilterDepth } from '../validate/assert-filter-depth';

/** Options of {@link compileFilterToSoql}. */
export interface CompileFilterToSoqlOptions {
  readonly schema: Schema;
  /** User and business unit (`eq-userid`, `eq-businessid` become literals). */
  readonly context: FilterContext;
  /** The API name of a field. @default the field name */
  readonly fieldName?: (entity: string, field: string) => string;
  /**
   * The relationship name of a lookup, used in `Relationship.Field` paths.
   * @default `X__c` becomes `X__r`, a trailing `id`/`Id` is dropped (`AccountId` becomes `Account`)
   */
  readonly relationshipName?: (entity: string, lookup: string) => string;
}

/** The default relationship name of a lookup: `Parent__c` → `Parent__r`, `AccountId` → `Account`. */
export function defaultSoqlRelationshipName(_entity: string, lookup: string): string {
  if (/__c$/i.test(lookup)) return lookup.replace(/__c$/i, '__r');
  if (/id$/i.test(lookup) && lookup.length > 2) return lookup.slice(0, -2);
  return lookup;
}

/** A SOQL string literal: quotes, with `\` and `'` (and control characters) escaped. */
export function soqlString(text: string): string {
  const escaped = text.replace(/[\\'\n\r\t\f\b"]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f', '\b': '\\b' };
    return named[c] ?? `\\${c}`;
  });
  return `'${escaped}'`;
}

const TRUE = { constant: true } as const;
const FALSE = { constant: false } as const;
type Compiled = string | typeof TRUE | typeof FALSE;

function soqlDateTime(iso: string): string {
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

function literal(field: FieldSchema, value: string | number): string {
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'whole-number':
    case 'number':
    case 'date':
      return String(value);
    case 'boolean':
      return value === 1 ? 'TRUE' : 'FALSE';
    case 'date-time':
      return soqlDateTime(String(value));
    case 'text':
    case 'reference':
      return soqlString(String(value));
    default:
      return unhandledValueKind(kind);
  }
}

function condition(entity: EntitySchema, node: FilterCondition, prefix: string, options: CompileFilterToSoqlOptions, path: string): Compiled {
  const field = resolveField(entity, node.field, `${path}.field`);
  const name = `${prefix}${(options.fieldName ?? ((_e: string, f: string) => f))(entity.name, field.name)}`;
  const values = literalList(node.value).map((v) => literal(field, coerceLiteral(field, v)));
  const one = (): string => {
    if (Array.isArray(node.value) || values.length !== 1) throw new InvalidFilterError(`operator '${node.operator}' needs one value`, `${path}.value`);
    return values[0];
  };
  const days = (): number => {
    const n = daysOf(node.value);
    if (Number.isNaN(n)) throw new InvalidFilterError(`operator '${node.operator}' needs a whole number of days`, `${path}.value`);
    return n;
  };
  const day = (): string => dayPart(String(Array.isArray(node.value) ? '' : node.value));
  switch (node.operator) {
    case 'eq':
      return `${name} = ${one()}`;
    case 'ne':
      // SOQL's != also matches null; SQL's <> (our semantics) does not.
      return `(${name} != ${one()} AND ${name} != null)`;
    case 'lt':
      return `${name} < ${one()}`;
    case 'le':
      return `${name} <= ${one()}`;
    case 'gt':
      return `${name} > ${one()}`;
    case 'ge':
      return `${name} >= ${one()}`;
    case 'in':
      return values.length === 0 ? FALSE : `${name} IN (${values.join(', ')})`;
    case 'not-in':
      return values.length === 0 ? `${name} != null` : `(${name} NOT IN (${values.join(', ')}) AND ${name} != null)`;
    case 'like':
      return `${name} LIKE ${soqlString(String(coerceLiteral(field, node.value as string)))}`;
    case 'begins-with': {
      const quoted = soqlString(String(coerceLiteral(field, node.value as string)));
      return `${name} LIKE ${quoted.slice(0, -1).replace(/[%_]/g, (c) => `\\${c}`)}%'`;
    }
    case 'null':
      return `${name} = null`;
    case 'not-null':
      return `${name} != null`;
    case 'last-x-days':
      return `${name} = LAST_N_DAYS:${days()}`;
    case 'next-x-days':
      return `${name} = NEXT_N_DAYS:${days()}`;
    case 'older-than-x-days':
      return `${name} < LAST_N_DAYS:${days()}`;
    case 'on-or-after':
      return field.type === 'datetime' ? `${name} >= ${day()}T00:00:00Z` : `${name} >= ${day()}`;
    case 'on-or-before':
      return field.type === 'datetime' ? `${name} < ${nextDay(day())}T00:00:00Z` : `${name} <= ${day()}`;
    case 'eq-userid':
      return `${name} = ${soqlString(options.context.userId)}`;
    case 'eq-businessid':
      return `${name} = ${soqlString(options.context.businessUnitId)}`;
    default:
      throw new InvalidFilterError(`unknown operator '${String(node.operator)}'`, `${path}.operator`);
  }
}

function combine(type: 'and' | 'or', parts: Compiled[]): Compiled {
  const absorbing = type === 'and' ? FALSE : TRUE;
  if (parts.includes(absorbing)) return absorbing;
  const kept = parts.filter((part): part is string => typeof part === 'string');
  if (kept.length === 0) return type === 'and' ? TRUE : FALSE;
  return kept.length === 1 ? kept[0] : `(${kept.join(type === 'and' ? ' AND ' : ' OR ')})`;
}

function compileNode(entity: EntitySchema, node: FilterNode, prefix: string, options: CompileFilterToSoqlOptions, path: string): Compiled {
  switch (node.kind) {
    case 'condition':
      return condition(entity, node, prefix, options, path);
    case 'group':
      if (node.type !== 'and' && node.type !== 'or') throw new InvalidFilterError(`group type must be 'and' or 'or'`, `${path}.type`);
      return combine(
        node.type,
        node.children.map((child, i) => compileNode(entity, child, prefix, options, `${path}.children[${i}]`)),
      );
    case 'link': {
      if (prefix !== '') throw new InvalidFilterError('a link may not contain another link', path);
      const lookup = resolveField(entity, node.lookup, `${path}.lookup`);
      const parent = resolveEntity(options.schema, node.entity, `${path}.entity`);
      const relationship = (options.relationshipName ?? defaultSoqlRelationshipName)(entity.name, lookup.name);
      const lookupName = (options.fieldName ?? ((_e: string, f: string) => f))(entity.name, lookup.name);
      // Without the lookup test, `Parent.Field = null` would match records that have no parent.
      return combine('and', [`${lookupName} != null`, compileNode(parent, node.filter, `${relationship}.`, options, `${path}.filter`)]);
    }
    default:
      throw new InvalidFilterError(`unknown node kind '${String((node as { kind: unknown }).kind)}'`, `${path}.kind`);
  }
}

/**
 * Compiles a sync filter into the body of a SOQL WHERE clause (empty when it selects everything).
 * Null rules follow SQL (`ne`/`not-in` exclude nulls); relative dates use SOQL date literals, which
 * count days in the user's time zone and make NEXT_N_DAYS start tomorrow (see docs/filters.md).
 * Throws {@link InvalidFilterError} for an unknown entity, field or operator.
 */
export function compileFilterToSoql(filter: SyncFilter, options: CompileFilterToSoqlOptions): string {
  const entity = resolveEntity(options.schema, filter.entity, 'entity');
  if (!filter.where) return '';
  assertFilterDepth(filter.where, 'where');
  const compiled = compileNode(entity, filter.where, '', options, 'where');
  if (compiled === TRUE) return '';
  if (typeof compiled !== 'string') return `${(options.fieldName ?? ((_e: string, f: string) => f))(entity.name, entity.primaryKey)} = null`;
  return compiled;
}
