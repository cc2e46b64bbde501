import { queryError } from '../server/dataverse-api-error';
import type { ODataFilter, ODataLiteral } from './odata-filter-ast';

function literalValue(literal: ODataLiteral): unknown {
  return literal.type === 'null' ? null : literal.value;
}

function compare(left: unknown, right: unknown): number | undefined {
  if (left === null || left === undefined || right === null || right === undefined) return undefined;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const a = String(left).toLowerCase();
  const b = String(right).toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Evaluates a parsed `$filter` over a JSON row in memory, for the emulator's synthetic sets
 * (`systemusers`, `EntityDefinitions`): comparisons, string functions, `and` / `or` / `not` on the
 * row's top-level properties (text compared case-insensitively, as Dataverse does). Throws a 400
 * naming an unknown property; query functions and navigation are not supported there.
 */
export function evaluateRowFilter(filter: ODataFilter, row: Readonly<Record<string, unknown>>, typeName: string): boolean {
  const property = (segments: readonly string[]): unknown => {
    if (segments.length !== 1 || !(segments[0] in row)) throw queryError(`Could not find a property named '${segments.join('/')}' on type '${typeName}'.`);
    return row[segments[0]];
  };
  switch (filter.kind) {
    case 'constant':
      return filter.value;
    case 'not':
      return !evaluateRowFilter(filter.operand, row, typeName);
    case 'and':
      return evaluateRowFilter(filter.left, row, typeName) && evaluateRowFilter(filter.right, row, typeName);
    case 'or':
      return evaluateRowFilter(filter.left, row, typeName) || evaluateRowFilter(filter.right, row, typeName);
    case 'compare': {
      const left = property(filter.property.segments);
      const right = literalValue(filter.value);
      if (filter.operator === 'eq' || filter.operator === 'ne') {
        const equal = left === null || right === null ? left === right : compare(left, right) === 0;
        return filter.operator === 'eq' ? equal : !equal;
      }
      const order = compare(left, right);
      if (order === undefined) return false;
      return { gt: order > 0, ge: order >= 0, lt: order < 0, le: order <= 0 }[filter.operator];
    }
    case 'stringFunction': {
      const value = property(filter.property.segments);
      if (typeof value !== 'string') return false;
      const text = value.toLowerCase();
      const part = filter.value.toLowerCase();
      return filter.name === 'contains' ? text.includes(part) : filter.name === 'startswith' ? text.startsWith(part) : text.endsWith(part);
    }
    case 'queryFunction':
      throw queryError(`The function 'Microsoft.Dynamics.CRM.${filter.name}' is not supported on '${typeName}'.`);
  }
}
