import type { SObjectType } from '../naming/sobject-naming';
import type { SfRow } from '../records/sf-row';
import type { EmulatorCore, RequestUser } from './emulator-core';
import { PERMISSION_SOBJECTS, permissionRows } from './permission-sobjects';
import { USER_SOBJECT, userSObjectType, userToSfRow } from './user-sobject';

/** A read-only sObject the org keeps itself (not a crm-store entity): its shape and its rows as a user sees them. */
export interface SystemSObject {
  readonly type: SObjectType;
  rows(core: EmulatorCore, user: RequestUser): Promise<SfRow[]>;
}

/** The system sObjects SOQL can query, by lower-cased name: `User` and the permission sObjects. */
export const SYSTEM_SOBJECTS: ReadonlyMap<string, SystemSObject> = new Map<string, SystemSObject>([
  [USER_SOBJECT.toLowerCase(), { type: userSObjectType, rows: async (core) => (await core.store.listUsers()).map(userToSfRow) }],
  ...[...PERMISSION_SOBJECTS].map(([name, type]): [string, SystemSObject] => [name, { type, rows: (core, user) => permissionRows(core, user, type) }]),
]);
