import { InvalidFilterError } from '../../errors/invalid-filter-error';
import type { EntitySchema, Schema } from '../../schema/entity-schema';
import type { FieldSchema } from '../../schema/field-schema';
import { unhandledValueKind, valueKindOf } from '../../schema/field-type-traits';
import { isReferenceType } from '../../schema/field-type';
import type { FilterContext } from '../evaluation-context';
import type { FilterCondition, FilterNode, SyncFilter } from '../filter-node';
import { coerceLiteral, literalList } from '../operands/coerce-literal';
import { dayPart, daysOf } from '../operands/relative-day-range';
import { resolveEntity, resolveField } from '../operands/resolve-field';
import { assertFilterDepth } from '../validate/assert-filter-depth';

/** Options of {@link compileFilterToOData}. */
export interface CompileFilterToODataOptions {
  readonly schema: Schema;
  /** Unused by the output (user and business unit are resolved by Dataverse query functions); kept for symmetry. */
  readonly context: FilterContext;
  /**
   * The single-valued navigation property of a lookup, used for links (`nav/field`).
   * @default the lookup name
   */
  readonly lookupProperty?: (lookup: string, entity: string) => string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUE = { constant: true } as const;
const FALSE = { constant: false } as const;
type Compiled = string | typeof TRUE | typeof FALSE;

/** An OData string literal: single quotes, with `'` doubled. */
export function odataString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function property(field: FieldSchema): string {
  return isReferenceType(field.type) ? `_${field.name}_value` : field.name;
}

function literal(entity: EntitySchema, field: FieldSchema, value: string | number): string {
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'whole-number':
    case 'number':
    case 'date-time':
    case 'date':
      return String(value);
    case 'boolean':
      return value === 1 ? 'true' : 'false';
    case 'reference':
      return GUID.test(String(value)) ? String(value) : odataString(String(value));
    case 'text':
      return field.name === entity.primaryKey && GUID.test(String(value)) ? String(value) : odataString(String(value));
    default:
      return unhandledValueKind(kind);
  }
}

function queryFunction(name: string, field: FieldSchema, value?: string): string {
  const args = [`PropertyName=${odataString(field.name)}`];
  if (value !== undefined) args.push(`PropertyValue=${value}`);
  return `Microsoft.Dynamics.CRM.${name}(${args.join(',')})`;
}

/** Turns a LIKE pattern into an OData string function where its wildcards allow, else undefined. */
function likeFunction(name: string, pattern: string): string | undefined {
  if (pattern.includes('_')) return undefined;
  if (/^%+$/.test(pattern)) return `${name} ne null`;
  const leading = pattern.startsWith('%');
  const trailing = pattern.endsWith('%') && pattern.length > (leading ? 1 : 0);
  const core = pattern.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (core.includes('%')) return undefined;
  if (leading && trailing) return `contains(${name},${odataString(core)})`;
  if (trailing) return `startswith(${name},${odataString(core)})`;
  if (leading) return `endswith(${name},${odataString(core)})`;
  return `${name} eq ${odataString(core)}`;
}

function condition(entity: EntitySchema, node: FilterCondition, prefix: string, path: string): Compiled {
  const field = resolveField(entity, node.field, `${path}.field`);
  const name = `${prefix}${property(field)}`;
  const values = literalList(node.value).map((v) => literal(entity, field, coerceLiteral(field, v)));
  const one = (): string => {
    if (Array.isArray(node.value) || values.length !== 1) throw new InvalidFilterError(`operator '${node.operator}' needs one value`, `${path}.value`);
    return values[0];
  };
  const fn = (functionName: string, value?: string): string => {
    if (prefix !== '') throw new InvalidFilterError(`operator '${node.operator}' cannot be used inside a link in OData`, `${path}.operator`);
    return queryFunction(functionName, field, value);
  };
  const days = (): string => {
    const n = daysOf(node.value);
    if (Number.isNaN(n)) throw new InvalidFilterError(`operator '${node.operator}' needs a whole number of days`, `${path}.value`);
    return String(n);
  };
  switch (node.operator) {
    case 'eq':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return `${name} ${node.operator} ${one()}`;
    case 'ne':
      // OData's ne also matches null; SQL's <> (our semantics) does not.
      return `(${name} ne ${one()} and ${name} ne null)`;
    case 'in':
      if (values.length === 0) return FALSE;
      return values.length === 1 ? `${name} eq ${values[0]}` : `(${values.map((v) => `${name} eq ${v}`).join(' or ')})`;
    case 'not-in':
      return `(${[...values.map((v) => `${name} ne ${v}`), `${name} ne null`].join(' and ')})`;
    case 'like': {
      const compiled = likeFunction(name, String(coerceLiteral(field, node.value as string)));
      if (!compiled)
        throw new InvalidFilterError(`like pattern ${JSON.stringify(node.value)} cannot be expressed in OData (only %x, x%, %x% without _)`, `${path}.value`);
      return compiled;
    }
    case 'begins-with':
      return `startswith(${name},${odataString(String(coerceLiteral(field, node.value as string)))})`;
    case 'null':
      return `${name} eq null`;
    case 'not-null':
      return `${name} ne null`;
    case 'last-x-days':
      return fn('LastXDays', days());
    case 'next-x-days':
      return fn('NextXDays', days());
    case 'older-than-x-days':
      return fn('OlderThanXDays', days());
    case 'on-or-after':
      return fn('OnOrAfter', odataString(dayPart(String(node.value))));
    case 'on-or-before':
      return fn('OnOrBefore', odataString(dayPart(String(node.value))));
    case 'eq-userid':
      return fn('EqualUserId');
    case 'eq-businessid':
      return fn('EqualBusinessId');
    default:
      throw new InvalidFilterError(`unknown operator '${String(node.operator)}'`, `${path}.operator`);
  }
}

function combine(type: 'and' | 'or', parts: Compiled[]): Compiled {
  const absorbing = type === 'and' ? FALSE : TRUE;
  if (parts.includes(absorbing)) return absorbing;
  const kept = parts.filter((part): part is string => typeof part === 'string');
  if (kept.length === 0) return type === 'and' ? TRUE : FALSE;
  return kept.length === 1 ? kept[0] : `(${kept.join(` ${type} `)})`;
}

function compileNode(entity: EntitySchema, node: FilterNode, prefix: string, options: CompileFilterToODataOptions, path: string): Compiled {
  switch (node.kind) {
    case 'condition':
      return condition(entity, node, prefix, path);
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
      const navigation = (options.lookupProperty ?? ((l: string) => l))(lookup.name, node.entity);
      // Without the lookup test, `nav/field eq null` would match records that have no parent.
      return combine('and', [`${property(lookup)} ne null`, compileNode(parent, node.filter, `${navigation}/`, options, `${path}.filter`)]);
    }
    default:
      throw new InvalidFilterError(`unknown node kind '${String((node as { kind: unknown }).kind)}'`, `${path}.kind`);
  }
}

/**
 * Compiles a sync filter into a Dataverse Web API `$filter` value (not URL-encoded; empty when it selects
 * everything). Lookups are `_x_value`; `in` becomes `(x eq a or x eq b)`; relative dates and user /
 * business-unit conditions use Microsoft.Dynamics.CRM query functions. Throws {@link InvalidFilterError}
 * with the path for what OData cannot express (a `like` pattern with `_` or an inner `%`, a query
 * function inside a link).
 */
export function compileFilterToOData(filter: SyncFilter, options: CompileFilterToODataOptions): string {
  const entity = resolveEntity(options.schema, filter.entity, 'entity');
  if (!filter.where) return '';
  assertFilterDepth(filter.where, 'where');
  const compiled = compileNode(entity, filter.where, '', options, 'where');
  if (compiled === TRUE) return '';
  if (typeof compiled !== 'string') return 'false';
  return compiled;
}
