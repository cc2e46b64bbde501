import type { EntitySchema } from './entity-schema';
import type { FieldSchema } from './field-schema';
import { parentLookups } from './schema-lookup';

/**
 * The lookup through which a parental child's access is controlled by its parent, or undefined.
 * An entity without an owner field whose lookup is marked `parent` (a quote detail's `quoteid`) has
 * no access of its own: a user may read, change or delete a child only as far as they may read or
 * write its parent record ("controlled by parent" in Dataverse, master-detail in Salesforce).
 * With several parent lookups, the first one controls. An entity with an owner, or with no parent
 * lookup, answers undefined.
 */
export function parentalControl(entity: EntitySchema): FieldSchema | undefined {
  if (entity.fields.some((field) => field.type === 'owner')) return undefined;
  return parentLookups(entity)[0];
}
