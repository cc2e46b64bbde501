/**
 * A named point of a running sync where a crash test may stop the process, so that kills land at
 * chosen places instead of after a wall-clock delay:
 * - `step`: a step (`control`, `prepare`, `upload`, `analyze`, `download`, `cleanup`, ...) begins;
 * - `upload-marked`: a batch is marked as sent, not yet sent;
 * - `upload-marked-ahead`: the next batch is marked as sent while the server writes the one before it;
 * - `upload-answered`: the server applied a batch, its answers not yet taken in (the answer is lost);
 * - `upload-applying`: a batch's answers are written, inside their transaction, before its commit;
 * - `download-writing`: a slice of a page is written, inside its transaction, before its commit;
 * - `download-written`: a slice of a page is committed;
 * - `download-ending`: an entity's last page is committed, its anchor not yet written.
 */
export type SyncPointName =
  'step' | 'upload-marked' | 'upload-marked-ahead' | 'upload-answered' | 'upload-applying' | 'download-writing' | 'download-written' | 'download-ending';

/** Where a sync is when it reaches a {@link SyncPointName}: the step, and the entity when there is one. */
export interface SyncPoint {
  readonly name: SyncPointName;
  readonly step: string;
  readonly entity?: string;
}

/** Receives every {@link SyncPoint} a sync reaches (test hook; see `SyncEngineOptions.testHooks`). */
export type SyncPointHook = (point: SyncPoint) => void | Promise<void>;
