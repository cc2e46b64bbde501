import type { LocalExecutor } from '../local-store/local-db';
import { ATTACHMENT_TABLE } from './attachment-table';

/**
 * The files of one sync, for its log and its tracking record (issue 13 §4):
 * - `count` / `bytes`: bodies (attachments and entity images) downloaded and uploaded by the sync's
 *   attachment step, and their bytes (0 when the download runs in the background, `AsyncAttachmentsDownload`);
 * - `refused`: bodies on the device that the BlobStoreFilter or `MaxAttachmentSize` left on the server
 *   (`refused` and `on-demand`);
 * - `queued`: bodies still waiting when the sync ended (queued or failed, for the background step or the next sync).
 */
export interface SyncFileFigures {
  readonly count: number;
  readonly bytes: number;
  readonly refused: number;
  readonly queued: number;
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
