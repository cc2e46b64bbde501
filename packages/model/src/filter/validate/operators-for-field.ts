import type { FieldSchema } from '../../schema/field-schema';
import type { FilterOperator } from '../filter-operator';

const COMPARE: FilterOperator[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'not-in', 'null', 'not-null'];
const EQUALITY: FilterOperator[] = ['eq', 'ne', 'in', 'not-in', 'null', 'not-null'];

/**
 * The operators a condition on `field` may use: `like`/`begins-with` on text, relative and day
 * operators on dates, `eq-userid` on owners and lookups to `systemuser`, `eq-businessid` on lookups to
 * `businessunit`, equality only on booleans and references.
 */
export function operatorsForField(field: FieldSchema): readonly FilterOperator[] {
  switch (field.type) {
    case 'string':
    case 'memo':
      return [...COMPARE, 'like', 'begins-with'];
    case 'int':
    case 'decimal':
    case 'money':
    case 'picklist':
    case 'state':
    case 'status':
      return COMPARE;
    case 'datetime':
    case 'date':
      return [...COMPARE, 'last-x-days', 'next-x-days', 'older-than-x-days', 'on-or-after', 'on-or-before'];
    case 'bool':
      return EQUALITY;
    case 'owner':
      return [...EQUALITY, 'eq-userid', ...(field.targets?.includes('businessunit') ? ['eq-businessid' as const] : [])];
    case 'lookup': {
      const targets = field.targets ?? [];
      return [
        ...EQUALITY,
        ...(targets.includes('systemuser') ? ['eq-userid' as const] : []),
        ...(targets.includes('businessunit') ? ['eq-businessid' as const] : []),
      ];
    }
    default:
      return [];
  }
}
