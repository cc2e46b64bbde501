import { BlobQuotaUsage, createBlobDecider, defaultBlobStoreFilter, parseBlobStoreFilter } from '@fieldsync/blob-filters';
import type { CrmConnector, DocumentItem } from '@fieldsync/connector-api';
import { FieldsyncError, type Customization } from '@fieldsync/model';
import type { BlobStorage } from '../attachments/blob-storage';
import type { SyncReporter } from '../engine/sync-reporter';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { deleteDocumentRow, documentBlobKey, readDocumentRows, writeDocumentRow, type DocumentRow } from './document-store';

/** What {@link queueDocuments} changed. */
export interface QueuedDocuments {
  readonly queued: number;
  readonly onDemand: number;
  readonly refused: number;
  /** Documents removed: their record left the device, or the file left the record's folder. */
  readonly removed: number;
  /** Records whose documents were skipped with a warning (a missing OneDrive root folder). */
  readonly skipped: number;
}

/** An entity with a document backend, as the device holds it. */
interface DocumentEntity {
  readonly entity: string;
  readonly primaryKey: string;
}

/** The synchronised (not upload-only) entities whose customization names a document backend. */
export function documentEntities(local: LocalSchema): DocumentEntity[] {
  const found: DocumentEntity[] = [];
  for (const { schema, config } of local.entities.values()) {
    if (config.documents && !config.uploadOnly) found.push({ entity: schema.name, primaryKey: schema.primaryKey });
  }
  return found;
}

/**
 * After the data: lists the document folder of every record on the device of an entity with a
 * document backend (through `connector.listDocuments`), and decides each file with the BlobStoreFilter's
 * FilesFilter (quota, sizes, suffixes; kind `file`): a new file, or one whose content tag changed,
 * is queued; an unchanged downloaded one stays. Files gone from a folder, and every document of a
 * record that left the device (or of an entity that no longer has a backend), are removed from
 * storage and the table. A record whose listing answers a warning (a missing OneDrive root folder),
 * or fails (a bridge without a document backend, Graph unreachable), keeps what it had and raises one
 * warning per entity and code; only a cancellation stops the step (decision 180).
 */
export async function queueDocuments(input: {
  readonly db: LocalExecutor;
  readonly local: LocalSchema;
  readonly customization: Customization;
  readonly connector: CrmConnector;
  readonly reporter: SyncReporter;
  readonly storage?: BlobStorage;
  readonly now: () => string;
  readonly signal?: AbortSignal;
}): Promise<QueuedDocuments> {
  const { db, connector } = input;
  const list = connector.listDocuments?.bind(connector);
  const existing = await readDocumentRows(db);
  const byRecord = new Map<string, DocumentRow[]>();
  for (const row of existing) {
    const key = `${row.entity}/${row.record_id}`;
    byRecord.set(key, [...(byRecord.get(key) ?? []), row]);
  }
  let removed = 0;
  const remove = async (row: DocumentRow) => {
    const blob = documentBlobKey(row);
    await input.storage?.remove(blob.entity, blob.id);
    await deleteDocumentRow(db, row);
    removed += 1;
  };
  const listings = new Map<string, readonly DocumentItem[]>();
  const warned = new Set<string>();
  let skipped = 0;
  const onDevice = new Set<string>();
  for (const { entity, primaryKey } of documentEntities(input.local)) {
    if (!list) break;
    const ids = (await db.selectFrom(entity).select(`${primaryKey} as id`).orderBy(primaryKey).execute()) as Array<{ id: unknown }>;
    for (const { id: raw } of ids) {
      throwIfCancelled(input.signal);
      const id = String(raw);
      const key = `${entity}/${id}`;
      onDevice.add(key);
      const warnOnce = (code: string, message: string) => {
        if (warned.has(`${entity}/${code}`)) return;
        warned.add(`${entity}/${code}`);
        input.reporter.warn({ code, message, entity, recordId: id });
      };
      let listing;
      try {
        listing = await list({ entity, id });
      } catch (error) {
        // The data is in: a folder that cannot be listed now keeps what the device has and is a warning.
        throwIfCancelled(input.signal);
        const code = FieldsyncError.is(error) ? error.code : 'DOCUMENTS_FAILED';
        warnOnce(code, `${entity} '${id}': ${error instanceof Error ? error.message : String(error)}`);
        skipped += 1;
        // A bridge without a document backend answers the same for every record of the entity.
        if (code === 'DOCUMENTS_NOT_CONFIGURED') {
          for (const rest of ids) onDevice.add(`${entity}/${String(rest.id)}`);
          break;
        }
        continue;
      }
      if (listing.warning) {
        skipped += 1;
        warnOnce(listing.warning.code, listing.warning.message);
        continue;
      }
      listings.set(
        key,
        listing.items.filter((item) => item.kind === 'file'),
      );
    }
  }
  // Records that left the device, or whose entity no longer has a document backend.
  for (const [key, rows] of byRecord) if (!onDevice.has(key)) for (const row of rows) await remove(row);

  const decider = createBlobDecider(input.customization.blobStoreFilter ? parseBlobStoreFilter(input.customization.blobStoreFilter) : defaultBlobStoreFilter, {
    maxAttachmentSize: input.customization.settings.MaxAttachmentSize,
  });
  const usage = new BlobQuotaUsage();
  const counts = { queued: 0, onDemand: 0, refused: 0 };
  const rowsOf = (key: string) => new Map((byRecord.get(key) ?? []).map((row) => [row.item_id, row]));
  const contentTag = (item: DocumentItem) => item.cTag ?? item.eTag;
  // Files already on the device are decided first, so that they keep their room in the quota.
  const decisions: { key: string; entity: string; recordId: string; item: DocumentItem; row: DocumentRow | undefined; current: boolean }[] = [];
  for (const [key, items] of listings) {
    const [entity, recordId] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const rows = rowsOf(key);
    const listed = new Set(items.map((item) => item.id));
    for (const row of rows.values()) if (!listed.has(row.item_id)) await remove(row);
    for (const item of items) {
      const row = rows.get(item.id);
      decisions.push({ key, entity, recordId, item, row, current: row?.status === 'downloaded' && row.ctag === contentTag(item) });
    }
  }
  decisions.sort((a, b) => Number(b.current) - Number(a.current));
  for (const { entity, recordId, item, row, current } of decisions) {
    const decision = decider.decide({ kind: 'file', entity, id: `${recordId}/${item.id}`, fileName: item.name, size: item.size }, usage);
    const scope = decision.outcome === 'download' ? (usage.entry(`file:${entity.toLowerCase()}/${recordId}/${item.id}`)?.scope ?? null) : null;
    const base = {
      entity,
      record_id: recordId,
      item_id: item.id,
      name: item.name,
      path: item.path,
      size: item.size,
      etag: item.eTag,
      ctag: contentTag(item),
      mime_type: item.mimeType ?? null,
      last_modified: item.lastModified,
      scope,
      updated_at: input.now(),
    };
    const changed = row !== undefined && row.ctag !== contentTag(item);
    // A changed file: the old bytes go, so that a partial write of them is never resumed with the new content.
    if (changed) {
      const blob = documentBlobKey(row);
      await input.storage?.remove(blob.entity, blob.id);
    }
    if (decision.outcome === 'download') {
      if (current && row) {
        // Renamed or moved without a content change: the row follows, the file stays.
        await writeDocumentRow(db, { ...row, ...base, status: 'downloaded', reason: null });
        continue;
      }
      if (row?.status === 'queued' && !changed) continue;
      await writeDocumentRow(db, { ...base, status: 'queued', reason: null, location: null, hash: null });
      counts.queued += 1;
    } else {
      if (current && row) continue;
      const status = decision.outcome === 'on-demand' ? 'on-demand' : 'refused';
      await writeDocumentRow(db, { ...base, status, reason: decision.message, location: null, hash: null, scope: null });
      if (status === 'on-demand') counts.onDemand += 1;
      else counts.refused += 1;
    }
  }
  return { ...counts, removed, skipped };
}
