import type { FieldSchema } from '../../schema/field-schema';
import { FIELD_TYPE_TRAITS } from '../../schema/field-type-traits';
import type { FilterOperator } from '../filter-operator';

/**
 * The operators a condition on `field` may use: `like`/`begins-with` on text, relative and day
 * operators on dates, `eq-userid` on owners and lookups to `systemuser`, `eq-businessid` on lookups to
 * `businessunit`, equality only on booleans and references.
 */
export function operatorsForField(field: FieldSchema): readonly FilterOperator[] {
  const operators = FIELD_TYPE_TRAITS[field.type].operators;
  if (field.type !== 'owner' && field.type !== 'lookup') return operators;
  const targets = field.targets ?? [];
  return [
    ...operators,
    ...(field.type === 'owner' || targets.includes('systemuser') ? ['eq-userid' as const] : []),
    ...(targets.includes('businessunit') ? ['eq-businessid' as const] : []),
  ];
}
