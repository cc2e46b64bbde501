import { sql } from 'kysely';
import { findField } from '@fieldsync/model';
import { ENTITY_IMAGE_FIELD, type PutAttachmentRequest, type ReadAttachmentRequest, type StoredAttachment, type StoredBodyKind } from '../api/attachment-types';
import type { EntitySchema } from '@fieldsync/model';
import type { Principal } from '../api/principal';
import { countCall, readAccess } from '../access/read-access';
import { resolvePermissions } from '../access/resolve-permissions';
import { hasRecordAccess } from '../access/record-access';
import { StoreNotFoundError, StorePermissionDeniedError, StoreRangeInvalidError } from '../errors/store-errors';
import { updateRecord } from '../store/record-mutations';
import { VERSION_COLUMN, type StoreCore } from '../store/store-core';

/** Bytes read per chunk when streaming a body. */
const CHUNK_SIZE = 64 * 1024;

/**
 * The key of a body in `fs_attachment`: the entity's name for an attachment, `<entity>/entityimage` for
 * an entity image (so an entity with both never mixes them). An image of an entity without
 * `entityimage_timestamp` is not found.
 */
function bodyKey(entity: EntitySchema, kind: StoredBodyKind | undefined, id: string): string {
  if (kind !== 'image') return entity.name;
  if (!findField(entity, ENTITY_IMAGE_FIELD)) throw new StoreNotFoundError(`entity image of ${entity.name} (no ${ENTITY_IMAGE_FIELD})`, id);
  return `${entity.name}/entityimage`;
}

/**
 * Stores a body on a record the principal may write, once per idempotency key. The record gets a new
 * version; an `annotation`-like entity also gets filename, mimetype, filesize and isdocument set.
 */
export async function putAttachment(core: StoreCore, principal: Principal, request: PutAttachmentRequest): Promise<{ size: number; version: string }> {
  countCall(core, principal);
  const entity = core.entity(request.entity);
  const permissions = await resolvePermissions(core, principal);
  return core.db.transaction().execute(async (trx) => {
    const stored = (
      await sql<{ result: string }>`select result from fs_idempotency where userid = ${principal.userId} and key = ${request.idempotencyKey}`.execute(trx)
    ).rows[0];
    if (stored) return JSON.parse(stored.result) as { size: number; version: string };
    const row = await core.getRow(trx, entity, request.id);
    if (!row) throw new StoreNotFoundError(entity.name, request.id);
    if (!(await hasRecordAccess(core, trx, principal, permissions, entity, request.id, 'write')))
      throw new StorePermissionDeniedError(entity.name, 'write', `no write privilege on ${entity.name} '${request.id}'`);
    const key = bodyKey(entity, request.kind, request.id);
    const body = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    await sql`insert into fs_attachment (entity, recordid, filename, mimetype, size, body) values (${key}, ${request.id}, ${request.fileName},
      ${request.mimeType}, ${body.length}, ${body}) on conflict (entity, recordid) do update set filename = excluded.filename,
      mimetype = excluded.mimetype, size = excluded.size, body = excluded.body`.execute(trx);
    const fields: Record<string, string | number | boolean> = {};
    if (request.kind === 'image') {
      // Moves on with every write, also within one millisecond of the clock.
      const before = Number(row[ENTITY_IMAGE_FIELD] ?? 0);
      fields[ENTITY_IMAGE_FIELD] = Math.max(before + 1, core.clock.now());
    } else {
      if (findField(entity, 'filename')) fields['filename'] = request.fileName;
      if (findField(entity, 'mimetype')) fields['mimetype'] = request.mimeType;
      if (findField(entity, 'filesize')) fields['filesize'] = body.length;
      if (findField(entity, 'isdocument')) fields['isdocument'] = true;
    }
    const updated = await updateRecord(core, trx, entity, request.id, fields);
    const result = { size: body.length, version: String(updated[VERSION_COLUMN]) };
    await sql`insert into fs_idempotency (userid, key, result, at) values (${principal.userId}, ${request.idempotencyKey}, ${JSON.stringify(result)}, ${core.nowIso()})`.execute(
      trx,
    );
    return result;
  });
}

/** Streams a body (or an inclusive byte range of it) of a record the principal may read, chunk by chunk with `substr`. */
export async function readAttachment(core: StoreCore, principal: Principal, request: ReadAttachmentRequest): Promise<StoredAttachment> {
  const access = await readAccess(core, principal, request.entity);
  const { entity } = access;
  const visible = await core.db
    .selectFrom(entity.name)
    .select([entity.primaryKey, `${VERSION_COLUMN} as version`])
    .where(entity.primaryKey, '=', request.id)
    .where(access.visible)
    .executeTakeFirst();
  if (!visible) throw new StoreNotFoundError(entity.name, request.id);
  const key = bodyKey(entity, request.kind, request.id);
  const meta = (
    await sql<{
      filename: string;
      mimetype: string;
      size: number;
    }>`select filename, mimetype, size from fs_attachment where entity = ${key} and recordid = ${request.id}`.execute(core.db)
  ).rows[0];
  if (!meta) throw new StoreNotFoundError(`${request.kind === 'image' ? 'entity image' : 'attachment'} of ${entity.name}`, request.id);
  let start = 0;
  let end = meta.size - 1;
  if (request.range) {
    start = request.range.start;
    end = Math.min(request.range.end ?? meta.size - 1, meta.size - 1);
    if (!Number.isInteger(start) || start < 0 || start >= meta.size || end < start)
      throw new StoreRangeInvalidError(request.range.start, request.range.end, meta.size);
  }
  const db = core.db;
  async function* body(): AsyncIterable<Uint8Array> {
    for (let offset = start; offset <= end; offset += CHUNK_SIZE) {
      const length = Math.min(CHUNK_SIZE, end - offset + 1);
      const chunk = (
        await sql<{
          part: Buffer;
        }>`select substr(body, ${offset + 1}, ${length}) as part from fs_attachment where entity = ${key} and recordid = ${request.id}`.execute(db)
      ).rows[0];
      if (!chunk) return;
      yield new Uint8Array(chunk.part);
    }
  }
  const etag = `"${request.kind === 'image' ? 'i' : 'a'}${String((visible as Record<string, unknown>)['version'])}-${meta.size}"`;
  return { fileName: meta.filename, mimeType: meta.mimetype, size: meta.size, ...(request.range ? { range: { start, end } } : {}), etag, body: body() };
}
