import type { LocalExecutor } from '../local-store/local-db';
import { ATTACHMENT_TABLE } from './attachment-table';

/**
 * The files of one kind in one sync (issue 13 §4):
 * - `count` / `bytes`: files downloaded and uploaded by the step, and their bytes (0 when the download
 *   runs in the background, `AsyncAttachmentsDownload`);
 * - `refused`: files on the device that the BlobStoreFilter or a size limit left on the server
 *   (`refused` and `on-demand`);
 * - `queued`: files still waiting when the sync ended (queued or failed, for the background step or the next sync).
 */
export interface SyncFileCountFigures {
  readonly count: number;
  readonly bytes: number;
  readonly refused: number;
  readonly queued: number;
}

/**
 * The files of one sync, for its log and its tracking record: the totals, and per kind the attachment
 * step (bodies and entity images) and the document step (record documents), each present when its step ran.
 */
export interface SyncFileFigures extends SyncFileCountFigures {
  readonly attachments?: SyncFileCountFigures;
  readonly documents?: SyncFileCountFigures;
}

/** The sync's files with one kind's figures set (replacing that kind's earlier ones), the totals summed over the kinds. */
export function withFileKind(files: SyncFileFigures | undefined, kind: 'attachments' | 'documents', counts: SyncFileCountFigures): SyncFileFigures {
  const kinds = {
    ...(files?.attachments ? { attachments: files.attachments } : {}),
    ...(files?.documents ? { documents: files.documents } : {}),
    [kind]: counts,
  };
  const parts = Object.values(kinds);
  const sum = (key: keyof SyncFileCountFigures) => parts.reduce((total, part) => total + part[key], 0);
  return { count: sum('count'), bytes: sum('bytes'), refused: sum('refused'), queued: sum('queued'), ...kinds };
}

/** The sync log line of the files: the totals, then each kind. */
export function fileFiguresLogLine(files: SyncFileFigures): string {
  const of = (counts: SyncFileCountFigures) => `count:${counts.count} bytes:${counts.bytes} refused:${counts.refused} queued:${counts.queued}`;
  const kinds = (['attachments', 'documents'] as const).flatMap((kind) => {
    const counts = files[kind];
    return counts ? [` ${kind}[${of(counts)}]`] : [];
  });
  return `files ${of(files)}${kinds.join('')}`;
}

/** Counts the refused (and on-demand) and the waiting bodies of the attachment table. */
export async function countWaitingFiles(db: LocalExecutor): Promise<Pick<SyncFileFigures, 'refused' | 'queued'>> {
  const rows = (await db
    .selectFrom(ATTACHMENT_TABLE)
    .select(['status'])
    .select((eb) => eb.fn.countAll().as('n'))
    .groupBy('status')
    .execute()) as Array<{
    status: string;
    n: number | bigint;
  }>;
  const of = (...statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + Number(row.n), 0);
  return { refused: of('refused', 'on-demand'), queued: of('queued', 'failed') };
}
