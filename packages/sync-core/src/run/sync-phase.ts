import type { SyncRunContext } from './sync-run-context';
import type { SyncRunState } from './sync-run-state';

/** The phases of one sync, in the order they run (the seed's steps). */
export type SyncPhaseName =
  | 'control'
  | 'customization-offer'
  | 'prepare'
  | 'upload'
  | 're-check'
  | 'forced-full-sync'
  | 'customization-update'
  | 'analyze'
  | 'download'
  | 'apply'
  | 'cleanup'
  | 'attachments'
  | 'documents'
  | 'report';

/**
 * One phase of a sync: takes the run's state and returns the next one, or the state with an `ending`
 * (see `endRun`) to go straight to the report phase. A phase throws only for a failure of the sync
 * (the backend, the database, a cancellation): the driver turns that into the ending.
 */
export interface SyncPhase {
  readonly name: SyncPhaseName;
  run(ctx: SyncRunContext, state: SyncRunState): Promise<SyncRunState>;
}
