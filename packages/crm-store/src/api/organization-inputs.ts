import type { StoreEntityPrivileges, StoreFieldPermission } from './privileges';

/** A business unit to create; without `parentId` it is a root. */
export interface BusinessUnitInput {
  readonly id?: string;
  readonly name: string;
  readonly parentId?: string;
}

/** A user to create. The password is stored only as a scrypt hash. */
export interface UserInput {
  readonly id?: string;
  readonly userName: string;
  readonly fullName: string;
  readonly password: string;
  readonly businessUnitId: string;
  /** @default false */
  readonly disabled?: boolean;
}

/** A user as the store keeps it (never with the password). */
export interface StoreUser {
  readonly id: string;
  readonly userName: string;
  readonly fullName: string;
  readonly businessUnitId: string;
  readonly disabled: boolean;
}

/** A page of {@link CrmStore.listUsers}: keyset by user name (compared as the store compares names, ignoring ASCII case). */
export interface StoreUserQuery {
  /** At most this many users. @default all */
  readonly first?: number;
  /** Only users whose name sorts after this one (the last of the previous page). */
  readonly afterUserName?: string;
  /** Only users whose user name or full name contains this text, ignoring ASCII case. */
  readonly search?: string;
}

/** A team to create. */
export interface TeamInput {
  readonly id?: string;
  readonly name: string;
  readonly businessUnitId: string;
}

/** A security role to create: privileges by entity; a privilege left out is `none`. */
export interface SecurityRoleInput {
  readonly id?: string;
  readonly name: string;
  readonly privileges: Readonly<Record<string, Partial<StoreEntityPrivileges>>>;
}

/**
 * A field security profile to create: permissions by entity, then field. A field named in any
 * profile is secured: only members of a profile granting it may read, create or update it.
 */
export interface FieldSecurityProfileInput {
  readonly id?: string;
  readonly name: string;
  readonly fields: Readonly<Record<string, Readonly<Record<string, StoreFieldPermission>>>>;
}
