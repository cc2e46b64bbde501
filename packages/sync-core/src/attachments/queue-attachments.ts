import { BlobQuotaUsage, createBlobDecider, defaultBlobStoreFilter, parseBlobStoreFilter, type BlobRequest } from '@fieldsync/blob-filters';
import { ENTITY_IMAGE_TIMESTAMP_FIELD, type AttachmentKind } from '@fieldsync/connector-api';
import type { Customization } from '@fieldsync/model';
import type { LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { VERSION_COLUMN } from '../local-store/system-tables';
import { deleteAttachmentRow, readAttachmentRows, updateAttachmentRow, writeAttachmentRow, writeAttachmentRows, type AttachmentRow } from './attachment-store';
import type { BlobStorage } from './blob-storage';
import { bodyEntities } from './body-entities';
import { imageEntities } from './image-entities';

/** What {@link queueAttachments} changed. */
export interface QueuedAttachments {
  readonly queued: number;
  readonly onDemand: number;
  readonly refused: number;
  /** Bodies removed because their record left the device. */
  readonly removed: number;
}

interface BodyRecord {
  readonly kind: AttachmentKind;
  readonly entity: string;
  readonly id: string;
  readonly version: string | null;
  readonly fileName: string;
  readonly mimeType: string;
  /** Bytes, as the record says; 0 for an image (its size is known once fetched). */
  readonly size: number;
  readonly attachedTo?: string;
}

/** The file name an entity image gets until its download names it. */
const IMAGE_FILE_NAME = 'entityimage';

/**
 * After the data: decides every body whose record is on the device with the customization's
 * BlobStoreFilter (and `MaxAttachmentSize`). `download` queues it (a body already on the device for
 * the record's version stays), `on-demand` and `refused` are recorded with the filter's reason. Bodies
 * on the device are decided first so they keep their room in a quota; a record whose version changed
 * is decided (and downloaded) again. Bodies whose record left the device are removed from storage and
 * the table, which frees their quota (decision 169). Entity images are bodies of kind `image`: a
 * record whose `entityimage_timestamp` is set queues its image, a changed timestamp queues it again,
 * and an image whose record left (or lost its image) is removed the same way (decision 181).
 */
export async function queueAttachments(input: {
  readonly db: LocalExecutor;
  readonly local: LocalSchema;
  readonly customization: Customization;
  readonly storage?: BlobStorage;
  readonly now: () => string;
  /** Bodies this sync just sent (`entity/id`): the record on the device predates them, so they are not decided again now. */
  readonly justSent?: ReadonlySet<string>;
}): Promise<QueuedAttachments> {
  const { db } = input;
  const decider = createBlobDecider(input.customization.blobStoreFilter ? parseBlobStoreFilter(input.customization.blobStoreFilter) : defaultBlobStoreFilter, {
    maxAttachmentSize: input.customization.settings.MaxAttachmentSize,
  });
  const entities = bodyEntities(input.local);
  const records = new Map<string, BodyRecord>();
  for (const body of entities) {
    let query = db
      .selectFrom(body.entity)
      .select([`${body.primaryKey} as id`, `${VERSION_COLUMN} as version`, 'filename', 'filesize', ...(body.hasMimeType ? ['mimetype'] : [])])
      .where('filesize', '>', 0);
    if (body.attachedToColumn) query = query.select(`${body.attachedToColumn} as attached_to`);
    if (body.flag) query = query.where(body.flag, '=', 1);
    for (const row of (await query.execute()) as Array<Record<string, unknown>>) {
      const id = String(row['id']);
      records.set(`${body.entity}/${id}`, {
        kind: 'attachment',
        entity: body.entity,
        id,
        version: row['version'] === null || row['version'] === undefined ? null : String(row['version']),
        fileName: typeof row['filename'] === 'string' ? row['filename'] : id,
        mimeType: typeof row['mimetype'] === 'string' ? row['mimetype'] : 'application/octet-stream',
        size: Number(row['filesize']),
        ...(typeof row['attached_to'] === 'string' ? { attachedTo: row['attached_to'] } : {}),
      });
    }
  }
  for (const image of imageEntities(input.local)) {
    const rows = (await db
      .selectFrom(image.entity)
      .select([`${image.primaryKey} as id`, `${ENTITY_IMAGE_TIMESTAMP_FIELD} as stamp`])
      .where(ENTITY_IMAGE_TIMESTAMP_FIELD, 'is not', null)
      .execute()) as Array<Record<string, unknown>>;
    for (const row of rows) {
      const id = String(row['id']);
      // The image's version is its timestamp: a new image on the server changes it, an edit of the record does not.
      records.set(`${image.entity}/${id}`, {
        kind: 'image',
        entity: image.entity,
        id,
        version: String(row['stamp']),
        fileName: IMAGE_FILE_NAME,
        mimeType: 'application/octet-stream',
        size: 0,
      });
    }
  }
  const existing = new Map<string, AttachmentRow>((await readAttachmentRows(db)).map((row) => [`${row.entity}/${row.record_id}`, row]));
  let removed = 0;
  for (const [key, row] of existing) {
    if (records.has(key) || row.status === 'upload') continue;
    await input.storage?.remove(row.entity, row.record_id);
    await deleteAttachmentRow(db, row.entity, row.record_id);
    existing.delete(key);
    removed += 1;
  }
  const current = (record: BodyRecord, row: AttachmentRow | undefined) =>
    row !== undefined &&
    row.status === 'downloaded' &&
    row.version === record.version &&
    row.kind === record.kind &&
    (record.kind === 'image' || Number(row.size) === record.size);
  const ledgerKey = (record: BodyRecord) => `${record.kind}:${record.entity.toLowerCase()}/${record.id}`;
  const ordered = [...records.entries()].sort(([a, ra], [b, rb]) => {
    const ca = current(ra, existing.get(a)) ? 0 : 1;
    const cb = current(rb, existing.get(b)) ? 0 : 1;
    return ca - cb || (a < b ? -1 : a > b ? 1 : 0);
  });
  const usage = new BlobQuotaUsage();
  const counts = { queued: 0, onDemand: 0, refused: 0 };
  // Rows written a hundred per statement (10,000 new bodies: 100 round trips to the database, not
  // 10,000); a row whose old file was just removed is written at once, as before.
  const pending: AttachmentRow[] = [];
  const write = async (row: AttachmentRow, fileRemoved: boolean) => {
    if (!fileRemoved) pending.push(row);
    else await writeAttachmentRow(db, row);
    if (pending.length >= 100) await writeAttachmentRows(db, pending.splice(0));
  };
  for (const [key, record] of ordered) {
    const row = existing.get(key);
    if (row?.status === 'upload') continue;
    if (row && input.justSent?.has(key)) {
      if (row.scope !== null) usage.admit({ key: ledgerKey(record), scope: row.scope, size: Number(row.size) });
      continue;
    }
    const request: BlobRequest = {
      kind: record.kind,
      entity: record.entity,
      id: record.id,
      ...(record.attachedTo !== undefined ? { attachedTo: record.attachedTo } : {}),
      fileName: record.fileName,
      // An image on the device is charged its size; one not fetched yet, nothing until it is.
      size: record.kind === 'image' && row?.status === 'downloaded' ? Number(row.size) : record.size,
    };
    const decision = decider.decide(request, usage);
    const scope = decision.outcome === 'download' ? (usage.entry(ledgerKey(record))?.scope ?? null) : null;
    const base = {
      entity: record.entity,
      record_id: record.id,
      attached_to: record.attachedTo ?? null,
      file_name: record.fileName,
      mime_type: record.mimeType,
      size: record.size,
      version: record.version,
      scope,
      upload_key: null,
      upload_source: null,
      updated_at: input.now(),
      kind: record.kind,
    };
    if (decision.outcome === 'download') {
      if (row && current(record, row)) {
        if (row.scope !== scope) await updateAttachmentRow(db, record.entity, record.id, { scope });
        continue;
      }
      if (row?.status === 'queued' && row.version === record.version) continue;
      // A changed body: the old file goes, so that a partial write of it is never resumed with the new one's bytes.
      const changed = row !== undefined && row.version !== record.version;
      if (changed) await input.storage?.remove(record.entity, record.id);
      const kept = row && row.version === record.version;
      await write({ ...base, status: 'queued', reason: null, location: kept ? row.location : null, hash: kept ? row.hash : null }, changed);
      counts.queued += 1;
    } else {
      const status = decision.outcome === 'on-demand' ? 'on-demand' : 'refused';
      if (row?.status === 'downloaded' && row.version === record.version) {
        // Already on the device (fetched on demand): it stays, outside the quota's automatic downloads.
        continue;
      }
      if (row?.status === status && row.version === record.version && row.reason === decision.message) continue;
      if (row?.location) await input.storage?.remove(record.entity, record.id);
      await write({ ...base, status, reason: decision.message, location: null, hash: null, scope: null }, Boolean(row?.location));
      if (status === 'on-demand') counts.onDemand += 1;
      else counts.refused += 1;
    }
  }
  await writeAttachmentRows(db, pending);
  return { ...counts, removed };
}
