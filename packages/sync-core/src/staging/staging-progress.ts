import type { EntityAnchor } from '../download/anchor-store';
import { readMeta, writeMeta } from '../local-store/device-meta';
import type { LocalDb, LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';

/**
 * How far one entity's staged download got (decision 176): its staging table holds every page up to
 * `continueFrom`, read from the live anchor `from` (a full read when `mode` is `full`). A staged sync
 * that finds it, with the live anchor unchanged and the same mode, continues the read from there
 * instead of starting the stage again; one whose download completed hands over `completed` at once.
 */
export interface EntityStagingProgress {
  readonly entity: string;
  readonly mode: 'full' | 'incremental';
  /** The live anchor the staged read started from (absent for a first download). */
  readonly from?: string;
  /** The generation the staged rows carry (a full download's new one). */
  readonly generation: number;
  /** When the staged sync that began this stage started (ISO): the update is current as of the earliest. */
  readonly startedAt: string;
  /** The anchor after the last page committed to the stage (continues the read); absent before the first. */
  readonly continueFrom?: string;
  /** Pages and records committed to the stage so far, and the ids removed from it. */
  readonly pages: number;
  readonly downloaded: number;
  readonly removedIds: readonly string[];
  /** The anchor the live table takes on the swap, once the staged read is complete. */
  readonly completed?: EntityAnchor;
}

/** Every entity's staging progress (empty when no staged download was cut). */
export async function readStagingProgress(db: LocalExecutor): Promise<Readonly<Record<string, EntityStagingProgress>>> {
  return (await readMeta<Record<string, EntityStagingProgress>>(db, 'staging_progress')) ?? {};
}

/** Records one entity's progress, in its own short transaction, after the page it covers committed. */
export async function writeEntityStagingProgress(db: LocalDb, progress: EntityStagingProgress): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const all = await readStagingProgress(trx);
    await writeMeta(trx, 'staging_progress', { ...all, [progress.entity]: progress });
  });
}

/** Forgets every entity's progress (the stages were recorded as the staged update, swapped in, or dropped). */
export async function clearStagingProgress(db: LocalExecutor): Promise<void> {
  await db.deleteFrom(SYSTEM_TABLES.meta).where('key', '=', 'staging_progress').execute();
}

/** Forgets one entity's progress (its stage begins again), in the caller's transaction. */
export async function forgetEntityStagingProgress(db: LocalExecutor, entity: string): Promise<void> {
  const all = await readStagingProgress(db);
  if (!(entity in all)) return;
  const { [entity]: _dropped, ...rest } = all;
  await writeMeta(db, 'staging_progress', rest);
}
