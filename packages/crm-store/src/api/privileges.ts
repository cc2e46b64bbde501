/** How far a privilege reaches: nothing, records owned by the user (or their teams), the user's business unit, or all. */
export type StorePrivilegeDepth = 'none' | 'user' | 'businessUnit' | 'organization';

/** Privileges on one entity, as a security role grants them (same shape as connector-api's `EntityPrivileges`). */
export interface StoreEntityPrivileges {
  readonly create: StorePrivilegeDepth;
  readonly read: StorePrivilegeDepth;
  readonly write: StorePrivilegeDepth;
  readonly delete: StorePrivilegeDepth;
  readonly append: StorePrivilegeDepth;
  readonly appendTo: StorePrivilegeDepth;
}

/** Field-level security of one field (same shape as connector-api's `FieldPermission`). */
export interface StoreFieldPermission {
  readonly read: boolean;
  readonly create: boolean;
  readonly update: boolean;
}

/** A principal's effective privileges: the union of their roles and their teams' roles. */
export interface StorePermissions {
  /** By entity; an entity missing here has no privileges. */
  readonly entities: Readonly<Record<string, StoreEntityPrivileges>>;
  /** Secured fields by entity, then field; a field missing here is unrestricted. */
  readonly fields: Readonly<Record<string, Readonly<Record<string, StoreFieldPermission>>>>;
  readonly teams: readonly string[];
}
