import type { CrmRecord, Schema } from '@fieldsync/model';

/** How far a privilege reaches: none, the user's own records, their business unit's, or every record. */
export type DemoPrivilegeDepth = 'none' | 'user' | 'businessUnit' | 'organization';

/** A role's privileges on one entity. */
export interface DemoEntityPrivileges {
  readonly create: DemoPrivilegeDepth;
  readonly read: DemoPrivilegeDepth;
  readonly write: DemoPrivilegeDepth;
  readonly delete: DemoPrivilegeDepth;
  readonly append: DemoPrivilegeDepth;
  readonly appendTo: DemoPrivilegeDepth;
}

/** A business unit of the demo org; the root has no parent. */
export interface DemoBusinessUnit {
  readonly id: string;
  readonly name: string;
  readonly parentId?: string;
}

/** A security role: privileges by entity name (an entity not listed grants nothing). */
export interface DemoRole {
  readonly id: string;
  readonly name: string;
  readonly privileges: Readonly<Record<string, DemoEntityPrivileges>>;
}

/** A user of the demo org, who signs in with `userName` and `password`. */
export interface DemoUser {
  readonly id: string;
  readonly userName: string;
  readonly fullName: string;
  readonly email: string;
  readonly businessUnitId: string;
  readonly password: string;
  /** Names of the roles the user holds. */
  readonly roles: readonly string[];
}

/** The body of a note's attachment. */
export interface DemoAttachment {
  readonly entity: string;
  readonly recordId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly body: Uint8Array;
}

/** A complete demo organization: schema, security and data, generated from a seed. */
export interface DemoOrg {
  /** The seed it was generated from. */
  readonly seed: number;
  /** Instant the generated dates are relative to (ISO-8601 UTC). */
  readonly referenceTime: string;
  readonly schema: Schema;
  /** Root first, then its children. */
  readonly businessUnits: readonly DemoBusinessUnit[];
  readonly roles: readonly DemoRole[];
  readonly users: readonly DemoUser[];
  /**
   * Records by entity, in insert order: entities appear in `schema` order, so a record's parent is
   * always listed before it. Lookup and owner values are `EntityReference`s.
   */
  readonly records: Readonly<Record<string, readonly CrmRecord[]>>;
  /** Attachment bodies of the notes that are documents. */
  readonly attachments: readonly DemoAttachment[];
}
