import type { SyncResult, SyncWarning } from '@fieldsync/sync-core';
import { formatNumber, type Printer } from '../output/printer';

/** One entity's part of a {@link SyncSummary}: the analyzer's decision and what the download did. */
export interface SyncSummaryEntity {
  readonly entity: string;
  /** `full`, `incremental` or `skip`. */
  readonly mode: string;
  /** Why the analyzer chose the mode (`first-sync`, `no-changes`, `partial`, ...). */
  readonly reason: string;
  readonly downloaded: number;
  readonly removed: number;
  /** Server records not written because the device's own change is still queued. */
  readonly keptLocal: number;
  readonly pages: number;
}

/** What `fieldsync device sync --json` prints: a sync result without its log and step timings. */
export interface SyncSummary extends Pick<
  SyncResult,
  'result' | 'kind' | 'error' | 'uploaded' | 'downloaded' | 'deleted' | 'conflicts' | 'errors' | 'retries' | 'durationMs' | 'startedAt' | 'files'
> {
  readonly entities: readonly SyncSummaryEntity[];
  readonly warnings: readonly SyncWarning[];
}

/** Reduces a sync result to its summary: totals, one row per analyzed entity, warnings. */
export function summarizeSync(result: SyncResult): SyncSummary {
  const figures = new Map(result.entities.map((entity) => [entity.entity, entity]));
  const entities = result.decisions.map((decision): SyncSummaryEntity => {
    const done = figures.get(decision.entity);
    return {
      entity: decision.entity,
      // A download that fell back from incremental to full reports the mode it really ran.
      mode: done?.mode ?? decision.mode,
      reason: decision.reason,
      downloaded: done?.downloaded ?? 0,
      removed: done?.removed ?? 0,
      keptLocal: done?.keptLocal ?? 0,
      pages: done?.pages ?? 0,
    };
  });
  return {
    result: result.result,
    kind: result.kind,
    ...(result.error ? { error: result.error } : {}),
    uploaded: result.uploaded,
    downloaded: result.downloaded,
    deleted: result.deleted,
    conflicts: result.conflicts,
    errors: result.errors,
    retries: result.retries,
    durationMs: result.durationMs,
    startedAt: result.startedAt,
    ...(result.files ? { files: result.files } : {}),
    entities,
    warnings: result.warnings,
  };
}

/** Prints a summary for people: the outcome, the totals, a table per entity and the warnings. */
export function printSyncSummary(printer: Printer, summary: SyncSummary, subject: string): void {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  printer.line(`${subject}: ${summary.result} (${summary.kind}) in ${seconds} s`);
  printer.line(
    `uploaded ${formatNumber(summary.uploaded)}, downloaded ${formatNumber(summary.downloaded)}, deleted ${formatNumber(summary.deleted)}, ` +
      `conflicts ${formatNumber(summary.conflicts)}, errors ${formatNumber(summary.errors)}`,
  );
  if (summary.files) printer.line(filesLine(summary.files));
  if (summary.entities.length > 0) {
    printer.line();
    printer.table(
      ['entity', 'mode', 'reason', 'downloaded', 'removed', 'kept local'],
      summary.entities.map((entity) => [entity.entity, entity.mode, entity.reason, entity.downloaded, entity.removed, entity.keptLocal]),
    );
  }
  if (summary.warnings.length > 0) {
    printer.line();
    printer.line(`${summary.warnings.length} warning${summary.warnings.length === 1 ? '' : 's'}:`);
    for (const warning of summary.warnings) printer.line(`  [${warning.code}] ${warning.message}`);
  }
  if (summary.errors > 0 || summary.conflicts > 0) {
    printer.line();
    printer.line("Changes kept for you to resolve are listed by 'fieldsync device errors'.");
  }
}

/** `files 3 (1,024 bytes), 1 refused, 0 queued: attachments 2 …, documents 1 …`: the totals, then each kind that ran. */
function filesLine(files: NonNullable<SyncSummary['files']>): string {
  type Counts = { count: number; bytes: number; refused: number; queued: number };
  const of = (counts: Counts) =>
    `${formatNumber(counts.count)} (${formatNumber(counts.bytes)} bytes), ${formatNumber(counts.refused)} refused, ${formatNumber(counts.queued)} queued`;
  const kinds = (['attachments', 'documents'] as const).flatMap((kind) => {
    const counts = files[kind];
    return counts ? [`${kind} ${of(counts)}`] : [];
  });
  return `files ${of(files)}${kinds.length > 0 ? `: ${kinds.join('; ')}` : ''}`;
}
