/**
 * The steps of one sync, in order. `control` (the administrator's orders) and `customization` (the
 * server's customization) run only with a device channel: at the start, and again after the upload.
 */
export type SyncStep =
  'control' | 'customization' | 'prepare' | 'upload' | 'analyze' | 'download' | 'apply' | 'cleanup' | 'attachments' | 'documents' | 'finish';

/** Progress of a sync: which step, which entity, how far. */
export interface SyncProgress {
  readonly step: SyncStep;
  readonly entity?: string;
  readonly done: number;
  /** Absent when the total is not known yet. */
  readonly total?: number;
  /** Step `attachments`: bytes received so far, and of every body the step downloads. */
  readonly bytes?: number;
  readonly totalBytes?: number;
}

/** A warning raised by a sync; it does not fail the sync. */
export interface SyncWarning {
  readonly code: string;
  readonly message: string;
  readonly entity?: string;
  readonly recordId?: string;
}

/** Receives a sync's progress events, log lines and warnings as they happen. */
export interface SyncReporter {
  progress(progress: SyncProgress): void;
  /** A line of the sync log, in the seed's form (`account Inc:1166 Full:34 -> FullSync`). */
  log(line: string): void;
  warn(warning: SyncWarning): void;
}
