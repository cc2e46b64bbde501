import type { ValidationIssue } from '../../errors/validation-issue';
import type { EntitySchema, Schema } from '../../schema/entity-schema';
import { findEntity, findField } from '../../schema/schema-lookup';
import type { FilterCondition, FilterLiteral, FilterNode, SyncFilter } from '../filter-node';
import { FILTER_OPERATORS } from '../filter-operator';
import { isDateText } from '../operands/coerce-literal';
import { DAYS_OPERATORS, LIST_OPERATORS, NO_VALUE_OPERATORS } from '../operands/operator-arity';
import { daysOf } from '../operands/relative-day-range';
import { assertFilterDepth } from './assert-filter-depth';
import { literalProblem } from './literal-problem';
import { operatorsForField } from './operators-for-field';

function checkCondition(entity: EntitySchema, node: FilterCondition, path: string, issues: ValidationIssue[]): void {
  const issue = (where: string, message: string): void => {
    issues.push({ path: where, message });
  };
  if (typeof node.field !== 'string') return issue(`${path}.field`, 'field must be a field name');
  const field = findField(entity, node.field);
  if (!field) issue(`${path}.field`, `unknown field '${node.field}' of entity '${entity.name}'`);
  if (!FILTER_OPERATORS.includes(node.operator)) return issue(`${path}.operator`, `unknown operator '${String(node.operator)}'`);
  if (field && !operatorsForField(field).includes(node.operator))
    issue(`${path}.operator`, `operator '${node.operator}' does not apply to ${field.type} field '${field.name}'`);

  const { operator, value } = node;
  if (NO_VALUE_OPERATORS.includes(operator)) {
    if (value !== undefined) issue(`${path}.value`, `operator '${operator}' takes no value`);
    return;
  }
  if (value === undefined) return issue(`${path}.value`, `operator '${operator}' needs a value`);
  if (LIST_OPERATORS.includes(operator)) {
    if (!Array.isArray(value)) return issue(`${path}.value`, `operator '${operator}' needs a list of values`);
    if (value.length === 0) return issue(`${path}.value`, `operator '${operator}' needs at least one value`);
    if (field)
      (value as readonly FilterLiteral[]).forEach((literal, i) => {
        const problem = literalProblem(field, literal);
        if (problem) issue(`${path}.value[${i}]`, problem);
      });
    return;
  }
  if (Array.isArray(value)) return issue(`${path}.value`, `operator '${operator}' takes one value, not a list`);
  if (DAYS_OPERATORS.includes(operator)) {
    if (Number.isNaN(daysOf(value)) || !Number.isSafeInteger(daysOf(value)))
      issue(`${path}.value`, `operator '${operator}' needs a whole number of days (0 or more), got ${JSON.stringify(value)}`);
    return;
  }
  if (operator === 'on-or-after' || operator === 'on-or-before') {
    if (typeof value !== 'string' || !isDateText(value.slice(0, 10)))
      issue(`${path}.value`, `operator '${operator}' needs a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
    return;
  }
  if (operator === 'like' || operator === 'begins-with') {
    if (typeof value !== 'string') issue(`${path}.value`, `operator '${operator}' needs text, got ${JSON.stringify(value)}`);
    return;
  }
  if (field) {
    const problem = literalProblem(field, value as FilterLiteral);
    if (problem) issue(`${path}.value`, problem);
  }
}

function checkNode(schema: Schema, entity: EntitySchema, node: FilterNode, path: string, insideLink: boolean, issues: ValidationIssue[]): void {
  if (typeof node !== 'object' || node === null) {
    issues.push({ path, message: 'must be a condition, group or link' });
    return;
  }
  switch (node.kind) {
    case 'condition':
      return checkCondition(entity, node, path, issues);
    case 'group':
      if (node.type !== 'and' && node.type !== 'or')
        issues.push({ path: `${path}.type`, message: `group type must be 'and' or 'or', got '${String(node.type)}'` });
      if (!Array.isArray(node.children)) {
        issues.push({ path: `${path}.children`, message: 'must be a list of nodes' });
        return;
      }
      node.children.forEach((child, i) => checkNode(schema, entity, child, `${path}.children[${i}]`, insideLink, issues));
      return;
    case 'link': {
      if (insideLink) issues.push({ path, message: 'a link may not contain another link (one level only)' });
      const lookup = findField(entity, node.lookup);
      const parent = findEntity(schema, node.entity);
      if (!lookup) issues.push({ path: `${path}.lookup`, message: `unknown field '${node.lookup}' of entity '${entity.name}'` });
      else if (lookup.type !== 'lookup' && lookup.type !== 'owner')
        issues.push({ path: `${path}.lookup`, message: `field '${node.lookup}' is a ${lookup.type} field, not a lookup` });
      else if (!(lookup.type === 'owner' ? ['systemuser', 'team', ...(lookup.targets ?? [])] : (lookup.targets ?? [])).includes(node.entity))
        issues.push({ path: `${path}.entity`, message: `lookup '${node.lookup}' does not point to entity '${node.entity}'` });
      if (!parent) issues.push({ path: `${path}.entity`, message: `unknown entity '${node.entity}'` });
      if (parent && node.filter !== undefined) checkNode(schema, parent, node.filter, `${path}.filter`, true, issues);
      else if (node.filter === undefined) issues.push({ path: `${path}.filter`, message: 'a link needs a filter' });
      return;
    }
    default:
      issues.push({ path: `${path}.kind`, message: `unknown node kind '${String((node as { kind: unknown }).kind)}'` });
  }
}

/**
 * Every problem of a sync filter against a schema, each with its path (`filter.where.children[1].operator`):
 * unknown entity, field or operator, an operator that does not fit the field's type, a value that is
 * missing, forbidden or of the wrong type, a link through something other than a lookup to the linked
 * entity, a link inside a link. An empty list means the filter is valid. Throws
 * {@link FilterTooDeepError} (before walking it) for a filter nested deeper than {@link MAX_FILTER_DEPTH}.
 */
export function validateFilter(filter: SyncFilter, schema: Schema, path = 'filter'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const entity = findEntity(schema, filter.entity);
  if (!entity) {
    issues.push({ path: `${path}.entity`, message: `unknown entity '${filter.entity}'` });
    return issues;
  }
  assertFilterDepth(filter.where, `${path}.where`);
  if (filter.where !== undefined) checkNode(schema, entity, filter.where, `${path}.where`, false, issues);
  return issues;
}
