import type { EntityPrivileges, FieldPermission, PermissionSet, PrivilegeDepth } from '@fieldsync/connector-api';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

const DEPTHS: readonly PrivilegeDepth[] = ['none', 'user', 'businessUnit', 'organization'];
const PRIVILEGES = ['create', 'read', 'write', 'delete', 'append', 'appendTo'] as const;

/** The `permissions` query. */
export const permissionsRequest: GraphqlRequest = {
  operationName: 'Permissions',
  query: `query Permissions { permissions }`,
};

/** Checks a PermissionSet: a depth for every privilege of every entity, boolean field rights, team ids. */
export function decodePermissions(data: JsonObject): PermissionSet {
  const set = json.object(data.permissions, 'permissions');
  const entities: Record<string, EntityPrivileges> = {};
  for (const [entity, value] of Object.entries(json.object(set.entities, 'permissions.entities'))) {
    const at = `permissions.entities.${entity}`;
    const privileges = json.object(value, at);
    entities[entity] = Object.fromEntries(
      PRIVILEGES.map((privilege) => [privilege, json.oneOf(privileges[privilege], DEPTHS, `${at}.${privilege}`)]),
    ) as unknown as EntityPrivileges;
  }
  const teams = json.stringList(set.teams, 'permissions.teams');
  if (set.fields === undefined || set.fields === null) return { entities, teams };
  const fields: Record<string, Record<string, FieldPermission>> = {};
  for (const [entity, value] of Object.entries(json.object(set.fields, 'permissions.fields'))) {
    fields[entity] = {};
    for (const [field, permission] of Object.entries(json.object(value, `permissions.fields.${entity}`))) {
      const at = `permissions.fields.${entity}.${field}`;
      const rights = json.object(permission, at);
      fields[entity][field] = {
        read: json.boolean(rights.read, `${at}.read`),
        create: json.boolean(rights.create, `${at}.create`),
        update: json.boolean(rights.update, `${at}.update`),
      };
    }
  }
  return { entities, fields, teams };
}
