import type { SyncFileFigures } from '../attachments/sync-file-figures';
import type { StagedUpdateCounts } from '../staging/staged-update';
import type { AnalyzerDecision } from '../download/analyze-entity';
import type { EntityDownloadFigures } from '../download/download-context';
import type { SyncWarning } from './sync-reporter';

/** Kinds of sync: a normal one, a full one (forced or asked for), or a reset's re-download. */
export type SyncKind = 'incremental' | 'full' | 'reset';

/** Figures of one step of the sync log. */
export interface StepFigures {
  readonly step: string;
  readonly ms: number;
  readonly records: number;
  /** Calls to the backend during the step. */
  readonly serverCalls: number;
}

/** What a sync did. `result` is `ok`, `warnings` (done, with warnings) or `failed` (stopped at `error`; nothing lost). */
export interface SyncResult {
  /** The device's own id of this sync (a UUID): the key of its tracking record and log on the bridge. */
  readonly syncId: string;
  readonly result: 'ok' | 'warnings' | 'failed';
  readonly kind: SyncKind;
  /** Why the sync failed; `reason` is the error's own reason code when it gave one (a CRM's sign-in refusal). */
  readonly error?: { readonly code: string; readonly message: string; readonly reason?: string };
  readonly warnings: readonly SyncWarning[];
  readonly uploaded: number;
  readonly downloaded: number;
  /** Records removed from the device (server deletes, lost visibility, cleanup). */
  readonly deleted: number;
  readonly conflicts: number;
  /** Upload operations refused or failed. */
  readonly errors: number;
  readonly retries: number;
  readonly durationMs: number;
  readonly startedAt: string;
  readonly decisions: readonly AnalyzerDecision[];
  readonly entities: readonly EntityDownloadFigures[];
  readonly steps: readonly StepFigures[];
  /** The files of the attachment and document steps: downloaded and uploaded (count, bytes), refused, still queued; the totals and each kind. Absent when neither ran. */
  readonly files?: SyncFileFigures;
  /** The sync log lines (analyzer decisions, cleanup, upload errors). */
  readonly log: readonly string[];
  /**
   * True when an administrator's wipe erased the device in this sync (the error is `DEVICE_WIPED`): the
   * caller deletes the database file and its stored token.
   */
  readonly wiped?: boolean;
  /** The app cancelled the sync (`error.code` is `SYNC_CANCELLED`); everything received so far is kept. */
  readonly cancelled?: boolean;
  /** A customization update the channel offered in this sync: applied, or kept waiting (and why). */
  readonly customizationUpdate?: CustomizationUpdateOutcome;
  /** A full sync forced by the administrator that ran in this sync, and the local changes it dropped. */
  readonly forcedFullSync?: { readonly commandId: string; readonly discardedChanges: number };
  /** A staged (non-blocking) sync kept its download for Apply Update: when it was received and what it brings. */
  readonly updatesAvailable?: { readonly receivedAt: string; readonly counts: StagedUpdateCounts };
}

/** What became of a customization update in a sync. */
export interface CustomizationUpdateOutcome {
  readonly version: string;
  readonly revision: number;
  /** `waiting`: kept for a foreground sync or for after the failed uploads (see `status().pendingCustomization`). */
  readonly outcome: 'applied' | 'waiting';
}
