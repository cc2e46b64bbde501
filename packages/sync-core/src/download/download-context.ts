import type { SyncStepContext } from '../engine/sync-step-context';
import type { WriteGate } from '../writes/write-gate';

/** What the download step works with. */
export interface DownloadContext extends SyncStepContext {
  readonly gate: WriteGate;
  /** When this sync started (ISO-8601): the entities' LastSyncDate. */
  readonly syncStart: string;
  /** Told the ids of records removed from the device, so cleanup can remove their children. */
  readonly onRemoved: (entity: string, ids: readonly string[]) => void;
}

/** One entity's download figures. */
export interface EntityDownloadFigures {
  readonly entity: string;
  readonly mode: 'full' | 'incremental' | 'skip';
  /** Records written into the device table. */
  downloaded: number;
  /** Records removed (deleted on the server, no longer visible, or gone from a full read). */
  removed: number;
  /** Server records not written because the device changed them and the change is not on the server yet. */
  keptLocal: number;
  pages: number;
  ms: number;
  /** The download stopped at MaxSyncCount. */
  cut: boolean;
}
