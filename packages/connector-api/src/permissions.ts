/** How far a privilege reaches: nothing, own records, the business unit's, or the whole organization's. */
export type PrivilegeDepth = 'none' | 'user' | 'businessUnit' | 'organization';

/** A user's privileges on one entity (Dynamics security roles; Salesforce profile object permissions). */
export interface EntityPrivileges {
  readonly create: PrivilegeDepth;
  readonly read: PrivilegeDepth;
  readonly write: PrivilegeDepth;
  readonly delete: PrivilegeDepth;
  /** May set this entity's lookups to other records. */
  readonly append: PrivilegeDepth;
  /** Other records may point their lookups at this entity's records. */
  readonly appendTo: PrivilegeDepth;
}

/** Field-level security of one field. */
export interface FieldPermission {
  readonly read: boolean;
  readonly create: boolean;
  readonly update: boolean;
}

/** What the signed-in user may do. */
export interface PermissionSet {
  /** By entity name; an entity missing here has no privileges. */
  readonly entities: Readonly<Record<string, EntityPrivileges>>;
  /** By entity, then field; a field missing here is unrestricted. Present with `fieldLevelSecurity`. */
  readonly fields?: Readonly<Record<string, Readonly<Record<string, FieldPermission>>>>;
  /** Teams the user belongs to. */
  readonly teams: readonly string[];
}
