import type { EntitySchema } from '@fieldsync/model';

/** A full sync of a seeded server (crm-store file) into a fresh device database file, through connector-embedded. */
export interface EngineSyncJob {
  readonly kind: 'engine';
  readonly serverFile: string;
  readonly deviceFile: string;
  readonly userName: string;
  readonly password: string;
  /** Records the sync must download; anything else fails the job. */
  readonly expected: number;
  /**
   * After the measured sync, run a forced full sync while the app updates one record of `entity`
   * (its text field `field`) every 20 ms, and report the longest wait of those writes.
   */
  readonly localWrites?: { readonly entity: string; readonly field: string };
}

/** The ceiling: the server's rows upserted into a device-shaped table by one better-sqlite3 statement per entity. */
export interface UpsertCeilingJob {
  readonly kind: 'ceiling';
  readonly serverFile: string;
  readonly deviceFile: string;
  /** The entities to copy, as the device keeps them. */
  readonly entities: readonly EntitySchema[];
}

/**
 * The server side alone: every record of the entities read through connector-embedded's `readPage`
 * the way the engine asks for them (all fields, pages of the engine's default size for the entity's
 * width unless `pageSize` is given), and nothing written.
 */
export interface ConnectorReadJob {
  readonly kind: 'connector-read';
  readonly serverFile: string;
  readonly userName: string;
  readonly password: string;
  readonly entities: readonly EntitySchema[];
  readonly pageSize?: number;
}

/** One job of the sync benchmarks, run in its own process so its peak RSS is its own. */
export type SyncJob = EngineSyncJob | UpsertCeilingJob | ConnectorReadJob;

/** What the app's writes met during a forced full sync. */
export interface LocalWriteFigures {
  /** Updates that completed while the sync ran. */
  readonly writes: number;
  /** The engine's own figure: the longest time a write waited for the database (`engine.gate.longestWaitMs`). */
  readonly longestWaitMs: number;
  /** The longest `records.update` call, from the call to its commit. */
  readonly longestCallMs: number;
  /** How long the forced full sync took. */
  readonly syncMs: number;
}

/** What a sync job measured. */
export interface SyncJobResult {
  readonly records: number;
  readonly elapsedMs: number;
  readonly recordsPerSecond: number;
  /** Peak resident set size of the job's process up to the end of the measured work, MB. */
  readonly peakRssMb: number;
  /** The largest event-loop delay during the measured work, ms (engine and connector-read jobs). */
  readonly loopDelayMs?: number;
  /** The sync's step figures (engine jobs). */
  readonly steps?: ReadonlyArray<{ readonly step: string; readonly ms: number; readonly records: number }>;
  readonly localWrites?: LocalWriteFigures;
}
