import type { CustomizationOffer, PermissionSet, WhoAmI } from '@fieldsync/connector-api';
import type { Customization, Schema } from '@fieldsync/model';
import type { CustomizationDocument } from '../customization-update/offered-customization';
import type { EntityAnchor } from '../download/anchor-store';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import type { LocalExecutor } from '../local-store/local-db';
import { readMeta, writeMeta } from '../local-store/device-meta';

/** What a staged update brings, as "updates available" shows it. */
export interface StagedUpdateCounts {
  /** Entities staged. */
  readonly entities: number;
  /** Records the staged download wrote (new or changed on the server). */
  readonly changed: number;
  /** Records the staged download removed (deleted on the server, or out of the user's view). */
  readonly removed: number;
}

/**
 * The metadata a non-blocking sync received and holds for Apply Update: the offered customization (its
 * settings among it) with the server's schema and the user's permissions it was checked against. The
 * live schema, settings and permissions do not change until the apply, which takes them in the same
 * transaction as the data (decision 175).
 */
export interface StagedMetadata {
  readonly offer: CustomizationOffer;
  readonly document: CustomizationDocument;
  readonly customization: Customization;
  /** The server's schema of the entities the customization names (the local schema is built from it). */
  readonly schema: Schema;
  readonly permissions: PermissionSet;
  readonly whoAmI: WhoAmI;
}

/**
 * A non-blocking sync's download, complete in the staging tables and waiting for `applyUpdate()`:
 * kept in `fs_meta` (`staged_update`) so it outlives the app. The live tables and anchors are as they
 * were before the sync; applying swaps the stages in and writes `anchors`.
 */
export interface StagedUpdate {
  /** The id of the sync that staged it. */
  readonly syncId: string;
  /** When that sync started (ISO): the data is current as of this once applied. */
  readonly syncStartedAt: string;
  /** When the staged download completed (ISO; the clock's): "updates available" since then. */
  readonly receivedAt: string;
  readonly counts: StagedUpdateCounts;
  /** Each staged entity and the anchor its live table takes on the swap. */
  readonly entities: ReadonlyArray<{ readonly entity: string; readonly anchor: EntityAnchor }>;
  /** Entities downloaded incrementally: the cleanup after the apply checks their filters. */
  readonly incremental: readonly string[];
  /** Ids the staged download removed, by entity: the cleanup after the apply removes their children. */
  readonly removed: Readonly<Record<string, readonly string[]>>;
  /** The customization update (schema, settings, permissions) received with the data, if any. */
  readonly metadata?: StagedMetadata;
}

/** The staged update waiting on the device; undefined when none waits. */
export async function readStagedUpdate(db: LocalExecutor): Promise<StagedUpdate | undefined> {
  return readMeta<StagedUpdate>(db, 'staged_update');
}

/** Records a staged update as waiting (in the caller's transaction). */
export async function writeStagedUpdate(db: LocalExecutor, update: StagedUpdate): Promise<void> {
  await writeMeta(db, 'staged_update', update);
}

/** Forgets the waiting staged update (applied, or discarded with its stages). */
export async function clearStagedUpdate(db: LocalExecutor): Promise<void> {
  await db.deleteFrom(SYSTEM_TABLES.meta).where('key', '=', 'staged_update').execute();
}
