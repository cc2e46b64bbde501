import type { EntityPrivileges, PermissionSet, PrivilegeDepth, WhoAmI } from '@fieldsync/connector-api';
import { isEntityReference, isReferenceType, type EntitySchema, type FieldValues } from '@fieldsync/model';
import { LocalPermissionError } from '../errors/sync-core-errors';

type Privilege = keyof EntityPrivileges;

function depthOf(permissions: PermissionSet, entity: string, privilege: Privilege): PrivilegeDepth {
  return permissions.entities[entity]?.[privilege] ?? 'none';
}

/**
 * Refuses a local write the server would refuse, before anything is queued: a missing privilege
 * (an owner-only privilege on a record owned by someone else), a lookup set without Append on the
 * entity or AppendTo on the target, and a field the user may not set (read-only or field-level security).
 */
export function checkLocalWrite(input: {
  permissions: PermissionSet;
  whoAmI: WhoAmI;
  entity: EntitySchema;
  privilege: 'create' | 'write' | 'delete';
  fields?: FieldValues;
  /** The record's owner, for privileges held at user depth only. */
  ownerId?: string | null;
}): void {
  const { permissions, entity, privilege } = input;
  const depth = depthOf(permissions, entity.name, privilege);
  if (depth === 'none') {
    throw new LocalPermissionError(entity.name, privilege, `${entity.name}: you have no ${privilege} privilege on this entity`);
  }
  if (depth === 'user' && privilege !== 'create' && input.ownerId && input.ownerId !== input.whoAmI.userId) {
    throw new LocalPermissionError(entity.name, privilege, `${entity.name}: your ${privilege} privilege covers only records you own`);
  }
  const fieldSecurity = permissions.fields?.[entity.name] ?? {};
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    const field = entity.fields.find((candidate) => candidate.name === name);
    if (!field) continue;
    const security = fieldSecurity[name];
    if (security && !(privilege === 'create' ? security.create : security.update)) {
      throw new LocalPermissionError(
        entity.name,
        privilege,
        `${entity.name}.${name}: field-level security does not let you ${privilege === 'create' ? 'set' : 'change'} this field`,
        name,
      );
    }
    if (isReferenceType(field.type) && field.type === 'lookup' && isEntityReference(value)) {
      if (depthOf(permissions, entity.name, 'append') === 'none') {
        throw new LocalPermissionError(entity.name, 'append', `${entity.name}.${name}: you have no append privilege to set lookups on this entity`, name);
      }
      if (depthOf(permissions, value.entity, 'appendTo') === 'none') {
        throw new LocalPermissionError(value.entity, 'appendTo', `${entity.name}.${name}: you have no append-to privilege on ${value.entity}`, name);
      }
    }
  }
}
