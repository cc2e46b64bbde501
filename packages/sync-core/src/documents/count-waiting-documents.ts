import type { SyncFileCountFigures } from '../attachments/sync-file-figures';
import type { LocalExecutor } from '../local-store/local-db';
import { DOCUMENT_TABLE } from './document-table';

/** Counts the documents the BlobStoreFilter left on the server (refused, on demand) and those still waiting (queued, failed). */
export async function countWaitingDocuments(db: LocalExecutor): Promise<Pick<SyncFileCountFigures, 'refused' | 'queued'>> {
  const rows = (await db
    .selectFrom(DOCUMENT_TABLE)
    .select(['status'])
    .select((eb) => eb.fn.countAll().as('n'))
    .groupBy('status')
    .execute()) as Array<{ status: string; n: number | bigint }>;
  const of = (...statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + Number(row.n), 0);
  return { refused: of('refused', 'on-demand'), queued: of('queued', 'failed') };
}
