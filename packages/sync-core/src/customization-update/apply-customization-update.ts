import type { CustomizationOffer, PermissionSet, WhoAmI } from '@fieldsync/connector-api';
import type { Customization } from '@fieldsync/model';
import { countChanges } from '../changes/change-log';
import { writeMeta } from '../local-store/device-meta';
import type { LocalDb, LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import type { CustomizationChange } from './customization-change';
import { writeAppliedOffer, writePendingCustomization } from './customization-offer-store';
import { migrateLocalSchema, type MigrationStep } from './migrate-local-schema';

/** What applying an update did: applied (with the entities to download in full), or refused for unsent changes. */
export type CustomizationUpdateApplication =
  { readonly applied: true; readonly needFull: readonly string[] } | { readonly applied: false; readonly pendingChanges: number; readonly syncErrors: number };

/** What applying a customization update takes: the device before (absent for a first one) and after, and the facts to store. */
export interface CustomizationUpdateInput {
  before?: { readonly local: LocalSchema; readonly customization: Customization };
  after: { readonly local: LocalSchema; readonly customization: Customization };
  change?: CustomizationChange;
  offer: CustomizationOffer;
  permissions: PermissionSet;
  whoAmI: WhoAmI;
  now: string;
  onStep?: (step: MigrationStep) => void | Promise<void>;
}

/**
 * Applies a customization update in one transaction: the tables are migrated, and the customization,
 * schema, permissions, who-am-I and the offer's facts are stored, the waiting update forgotten. A
 * failure (or a crash) anywhere leaves the previous customization and every record as they were.
 * An update that changes the data schema or a sync filter is refused (nothing changes) while the device
 * holds changes not on the server or sync errors; this is checked inside the transaction, so a write
 * the app made during the sync is counted too.
 */
export async function applyCustomizationUpdate(db: LocalDb, input: CustomizationUpdateInput): Promise<CustomizationUpdateApplication> {
  return db.transaction().execute((trx) => applyCustomizationUpdateIn(trx, input));
}

/** {@link applyCustomizationUpdate} in the caller's transaction (Apply Update takes a staged customization with the data). */
export async function applyCustomizationUpdateIn(trx: LocalExecutor, input: CustomizationUpdateInput): Promise<CustomizationUpdateApplication> {
  if (input.change && !input.change.schemaIntact) {
    const pendingChanges = await countChanges(trx);
    const errorRow = await trx
      .selectFrom(SYSTEM_TABLES.error)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const syncErrors = Number(errorRow.n);
    if (pendingChanges > 0 || syncErrors > 0) return { applied: false, pendingChanges, syncErrors };
  }
  const needFull = await migrateLocalSchema(trx, {
    ...(input.before ? { before: input.before } : {}),
    after: input.after,
    ...(input.change ? { change: input.change } : {}),
    ...(input.onStep ? { onStep: input.onStep } : {}),
  });
  await writeMeta(trx, 'customization', input.after.customization);
  await writeMeta(trx, 'schema', input.after.local.schema);
  await writeMeta(trx, 'permissions', input.permissions);
  await writeMeta(trx, 'whoami', input.whoAmI);
  await writeAppliedOffer(trx, input.offer, input.now);
  await writePendingCustomization(trx, undefined);
  await input.onStep?.('written');
  return { applied: true, needFull };
}
