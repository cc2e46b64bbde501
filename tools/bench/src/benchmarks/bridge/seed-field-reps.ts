import { performance } from 'node:perf_hooks';
import { openCrmStore, type StoreEntityPrivileges } from '@fieldsync/crm-store';
import { generateBenchAccounts } from '../bench-account-schema';
import { syncFullSchema } from '../bench-sync-schema';

/** The security role of the field reps: their own accounts only. */
export const FIELD_REP_ROLE = 'bench field rep';

/** The password of every field rep. */
export const FIELD_REP_PASSWORD = 'bench';

/** The user name of field rep `index` (0-based): `rep001`, `rep002`, … */
export function fieldRepName(index: number): string {
  return `rep${String(index + 1).padStart(3, '0')}`;
}

/** What {@link seedFieldReps} created: each rep's account ids, in rep order. */
export interface SeededFieldReps {
  readonly accountIds: ReadonlyArray<readonly string[]>;
  readonly ms: number;
}

const own: StoreEntityPrivileges = { create: 'user', read: 'user', write: 'user', delete: 'user', append: 'user', appendTo: 'user' };

/** Users created at once: scrypt hashes their passwords on libuv's thread pool. */
const USERS_AT_ONCE = 4;

/**
 * Creates a crm-store file with the `sync-full` schema (the 20-field accounts), `reps` users
 * (`rep001`, …) holding {@link FIELD_REP_ROLE} (user-level privileges on accounts), and
 * `accountsPerRep` accounts owned by each: every rep sees only their own. The store is closed again.
 */
export async function seedFieldReps(file: string, reps: number, accountsPerRep: number): Promise<SeededFieldReps> {
  const started = performance.now();
  const store = await openCrmStore({ file });
  try {
    await store.applySchema(syncFullSchema);
    const unit = await store.createBusinessUnit({ name: 'field' });
    const role = await store.createSecurityRole({ name: FIELD_REP_ROLE, privileges: { account: own } });
    const userIds: string[] = [];
    for (let first = 0; first < reps; first += USERS_AT_ONCE) {
      const batch = Array.from({ length: Math.min(USERS_AT_ONCE, reps - first) }, (_, i) => first + i);
      userIds.push(
        ...(await Promise.all(
          batch.map((index) =>
            store.createUser({ userName: fieldRepName(index), fullName: `Field rep ${index + 1}`, password: FIELD_REP_PASSWORD, businessUnitId: unit }),
          ),
        )),
      );
    }
    for (const userId of userIds) await store.assignRole(userId, role);
    const accountIds: string[][] = [];
    for (let index = 0; index < reps; index++) {
      // Generated per rep, so a parent account is always one the same rep owns.
      const rows = generateBenchAccounts(accountsPerRep, 1 + index, index * accountsPerRep);
      accountIds.push(await store.insertMany('account', rows, { ownerId: userIds[index] }));
    }
    return { accountIds, ms: performance.now() - started };
  } finally {
    await store.close();
  }
}
