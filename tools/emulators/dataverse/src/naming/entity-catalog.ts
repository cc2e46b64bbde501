import type { EntitySchema, FieldSchema, Schema } from '@fieldsync/model';
import { isReferenceType } from '@fieldsync/model';
import { entitySetNameOf } from './entity-set-name';

/** One entity as the Web API shows it: its entity set and the lookup properties by their OData names. */
export interface CatalogEntity {
  readonly entity: EntitySchema;
  readonly entitySetName: string;
}

/** The navigation a single-valued navigation property follows: a lookup to one target entity. */
export interface NavigationProperty {
  readonly lookup: FieldSchema;
  readonly target: string;
}

/** The targets of a lookup or owner field (`owner` points at users and teams). */
export function lookupTargets(field: FieldSchema): readonly string[] {
  if (field.type === 'owner') return field.targets ?? ['systemuser', 'team'];
  return field.targets ?? [];
}

/**
 * The store's schema as Web API names: entity sets (`accounts`), `_x_value` lookup properties and
 * navigation properties (`parentaccountid`, or `objectid_account` for a lookup with several targets).
 */
export class EntityCatalog {
  private readonly bySetName = new Map<string, CatalogEntity>();
  private readonly byLogicalName = new Map<string, CatalogEntity>();

  constructor(readonly schema: Schema) {
    for (const entity of schema.entities) {
      const item = { entity, entitySetName: entitySetNameOf(entity.name) };
      this.bySetName.set(item.entitySetName, item);
      this.byLogicalName.set(entity.name, item);
    }
  }

  /** Every entity, in schema order. */
  get entities(): readonly CatalogEntity[] {
    return [...this.byLogicalName.values()];
  }

  /** The entity of an entity set name (case-sensitive, as Dataverse is), or undefined. */
  bySet(entitySetName: string): CatalogEntity | undefined {
    return this.bySetName.get(entitySetName);
  }

  /** The entity of a logical name, or undefined. */
  byName(logicalName: string): CatalogEntity | undefined {
    return this.byLogicalName.get(logicalName);
  }

  /**
   * The field behind an OData property of an entity: a plain field by its name, a lookup by
   * `_name_value`. A lookup's bare name is a navigation property, not a structural one: undefined.
   */
  structuralField(entity: EntitySchema, property: string): FieldSchema | undefined {
    const lookup = /^_(.+)_value$/.exec(property);
    if (lookup) {
      const field = entity.fields.find((f) => f.name === lookup[1]);
      return field && isReferenceType(field.type) ? field : undefined;
    }
    const field = entity.fields.find((f) => f.name === property);
    return field && !isReferenceType(field.type) ? field : undefined;
  }

  /**
   * A single-valued navigation property: `lookup` when the lookup has one target, `lookup_target`
   * for any of its targets (`objectid_account`, `parentcustomerid_contact`, `ownerid_systemuser`).
   */
  navigation(entity: EntitySchema, property: string): NavigationProperty | undefined {
    for (const field of entity.fields) {
      if (!isReferenceType(field.type)) continue;
      const targets = lookupTargets(field);
      if (property === field.name && targets.length === 1) return { lookup: field, target: targets[0] };
      for (const target of targets) if (property === `${field.name}_${target}`) return { lookup: field, target };
    }
    return undefined;
  }

  /** The OData property name of a field: `_x_value` for lookups, else the name. */
  static propertyName(field: FieldSchema): string {
    return isReferenceType(field.type) ? `_${field.name}_value` : field.name;
  }
}
