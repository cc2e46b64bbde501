import { sql } from 'kysely';
import { FullResyncRequiredError, type RecordPage, type SharingChanges } from '@fieldsync/connector-api';
import { FieldsyncError, effectivePageSize, toAnchor, type Anchor, type CrmRecord, type EntitySchema } from '@fieldsync/model';
import { changedIds } from '../changes/change-log';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalEntity } from '../local-store/local-schema';
import type { LocalExecutor } from '../local-store/local-db';
import { GENERATION_COLUMN, SYSTEM_TABLES, VERSION_COLUMN } from '../local-store/system-tables';
import { forgetOrphanParents } from '../cleanup/orphan-parents';
import { createStage, stageTableOf } from '../staging/stage-tables';
import { forgetEntityStagingProgress, readStagingProgress, writeEntityStagingProgress, type EntityStagingProgress } from '../staging/staging-progress';
import { readAnchor, writeAnchor, type EntityAnchor } from './anchor-store';
import type { DownloadContext, EntityDownloadFigures } from './download-context';
import { deleteRecords, encodeRows, tableColumns, upsertRecords, upsertRows, type EncodedRow } from './upsert-records';
import { validatePage } from './validate-page';
import { yieldToEventLoop } from '../scheduling/yield-to-event-loop';

/**
 * Downloads one entity, fully or since its anchor. Pages are fetched one ahead of the page being
 * written; each page is written in its own short transaction, so the app's own writes wait at most one
 * page. Records with local changes not yet on the server are never overwritten or removed. The anchor
 * (and, for a full download, the removal of rows the server no longer returned) is committed with the
 * last page only, so an interrupted download is simply done again.
 */
export async function downloadEntity(
  ctx: DownloadContext,
  entity: LocalEntity,
  mode: 'full' | 'incremental',
  staging?: StagedDownload,
): Promise<EntityDownloadFigures> {
  const started = performance.now();
  const { schema, config } = entity;
  const figures: EntityDownloadFigures = { entity: schema.name, mode, downloaded: 0, removed: 0, keptLocal: 0, pages: 0, ms: 0, cut: false };
  const stored = await readAnchor(ctx.db, schema.name);
  const full = mode === 'full';
  // A staged download cut earlier (same mode, live anchor unchanged, stage kept) continues where it stopped.
  const resume = staging ? await resumableStage(ctx, schema.name, mode, stored.anchor) : undefined;
  const generation = resume ? resume.generation : full ? stored.generation + 1 : stored.generation;
  // The attempt's generation is recorded with the `partial` state: if it is interrupted, the next full
  // download takes a newer one, so rows this attempt stamped and the server then dropped are swept too.
  if (full && !staging) await writeAnchor(ctx.db, { ...stored, state: 'partial', generation });
  const removedIds: string[] = [...(resume?.removedIds ?? [])];
  if (resume) {
    ctx.onRemoved(schema.name, resume.removedIds);
    figures.downloaded = resume.downloaded;
    figures.removed = resume.removedIds.length;
    ctx.reporter.log(
      `<StagingResumed Entity="${schema.name}" Pages="${resume.pages}" Records="${resume.downloaded}" Complete="${resume.completed ? 'true' : 'false'}" />`,
    );
    if (resume.completed) {
      staging?.completed(resume.completed);
      figures.ms = performance.now() - started;
      return figures;
    }
  }
  if (staging) {
    // The ids a staged download removes are kept with its progress: a resumed one still cleans up their children at the apply.
    const onRemoved = ctx.onRemoved;
    ctx = {
      ...ctx,
      onRemoved: (name, ids) => {
        removedIds.push(...ids);
        onRemoved(name, ids);
      },
    };
  }
  const progressOf = (fields: Pick<EntityStagingProgress, 'continueFrom' | 'completed'>): EntityStagingProgress => ({
    entity: schema.name,
    mode,
    ...(stored.anchor !== undefined ? { from: stored.anchor } : {}),
    generation,
    startedAt: resume?.startedAt ?? ctx.syncStart,
    pages: (resume?.pages ?? 0) + figures.pages,
    downloaded: figures.downloaded,
    removedIds: [...removedIds],
    ...fields,
  });
  const table = resume ? stageTableOf(schema.name) : staging ? await createStageFor(ctx, entity, full) : schema.name;
  const target = { ...schema, name: table };
  const pageSize = effectivePageSize(config, schema, ctx.settings);
  const limit = ctx.settings.MaxSyncCount > 0 ? ctx.settings.MaxSyncCount * (schema.kind === 'child' ? 5 : 1) : Infinity;
  const request = (anchor: Anchor | undefined) =>
    ctx.connector.readPage({
      entity: schema.name,
      ...(anchor ? { anchor } : {}),
      fields: schema.fields.map((field) => field.name),
      ...(config.filter?.where ? { filter: config.filter.where } : {}),
      pageSize,
    });
  const first = resume?.continueFrom ?? (full ? undefined : stored.anchor);
  let next: Promise<RecordPage> = request(first !== undefined ? toAnchor(first) : undefined);
  next.catch(() => undefined);
  let total = 0;
  // The write of page n runs on the database while page n + 1 is received, validated and encoded, so
  // the event loop's share of a page (the server's read in one process, the checks, the encoding)
  // overlaps the database's; page n + 1 is written only after page n committed.
  let writing: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      // Cancelled: the pages written so far stay; the anchor moves only with the last page, so the next sync reads this entity again.
      throwIfCancelled(ctx.signal);
      let page: RecordPage;
      try {
        page = await next;
      } catch (error) {
        if (!full && (error instanceof FullResyncRequiredError || FieldsyncError.is(error, 'FULL_RESYNC_REQUIRED'))) {
          await writing;
          ctx.reporter.log(`${schema.name} -> FullSync (anchor-expired)`);
          return downloadEntity(ctx, entity, 'full', staging);
        }
        throw error;
      }
      // Let the app's timers and input run between receiving a page and working on it.
      await yieldToEventLoop();
      await validatePage(schema, page, `${schema.name}.page[${figures.pages}]`);
      figures.pages += 1;
      if (!page.done) {
        next = request(page.nextAnchor);
        next.catch(() => undefined);
      }
      let records: readonly CrmRecord[] = page.records;
      if (total + records.length > limit) {
        records = records.slice(0, Math.max(0, limit - total));
        figures.cut = true;
      }
      total += records.length;
      const last = page.done || figures.cut;
      const rows = await encodeRows(target, records, generation);
      await writing;
      // A cancel that came while the previous page was written stops before this one.
      throwIfCancelled(ctx.signal);
      const done = total;
      writing = writePage(ctx, { schema, target, full, figures }, records, rows, page.removed).then(() => {
        if (ctx.settings.LogSyncDetails)
          ctx.reporter.log(`<Page Entity="${schema.name}" Mode="${mode}" Records="${records.length}" Removed="${page.removed.length}" />`);
        ctx.reporter.progress({ step: 'download', entity: schema.name, done });
        // After the page committed: a cut staged download resumes after it (a page written twice comes out the same).
        if (staging && !last) return writeEntityStagingProgress(ctx.db, progressOf({ continueFrom: page.nextAnchor }));
      });
      writing.catch(() => undefined);
      if (!last) continue;
      await writing;
      await ctx.onSyncPoint?.({ name: 'download-ending', step: 'download', entity: schema.name });
      if (full && !figures.cut) {
        // Rows no full read returned left the user's view: removed in short steps, while the entity is
        // still `partial` (an interrupted sweep is simply done again by the next full download).
        const staleIds = await sweepStaleRows(ctx, target, schema.name, generation);
        ctx.onRemoved(schema.name, staleIds);
        figures.removed += staleIds.length;
      }
      const anchor = {
        entity: schema.name,
        anchor: figures.cut ? stored.anchor : page.nextAnchor,
        // A download cut at MaxSyncCount is not complete: the next sync reads the entity in full again.
        state: figures.cut ? 'partial' : 'complete',
        generation,
        lastSyncDate: ctx.syncStart,
        lastFullSyncStart: full ? ctx.syncStart : stored.lastFullSyncStart,
      } as const;
      // A staged download's anchor is written when the stage is swapped in, with the data it covers.
      if (staging) {
        await writeEntityStagingProgress(ctx.db, progressOf({ completed: anchor }));
        staging.completed(anchor);
      } else await writeAnchor(ctx.db, anchor);
      break;
    }
  } finally {
    // A failed or cancelled download returns only once the page being written has committed or failed.
    await writing.catch(() => undefined);
  }
  if (figures.cut) {
    const label = schema.label ?? schema.name;
    ctx.reporter.warn({
      code: 'MAX_SYNC_COUNT',
      entity: schema.name,
      message: `${label.charAt(0).toUpperCase()}${label.slice(1)} entity has more records than allowed (MaxSyncCount ${ctx.settings.MaxSyncCount}); only ${total} were downloaded`,
    });
  }
  figures.ms = performance.now() - started;
  return figures;
}

/** Records of a page written per transaction. */
const WRITE_SLICE = 250;

/** What {@link writePage} needs of the entity's download. */
interface PageWriteTarget {
  readonly schema: EntitySchema;
  /** The table written: the entity's own, or its staging table. */
  readonly target: EntitySchema;
  readonly full: boolean;
  readonly figures: EntityDownloadFigures;
}

/**
 * Writes one page in slices, each its own short transaction (an app write never waits for more), and
 * the page's removals with the last slice. Records with local changes are kept as they are.
 */
async function writePage(
  ctx: DownloadContext,
  { schema, target, full, figures }: PageWriteTarget,
  records: readonly CrmRecord[],
  rows: readonly EncodedRow[],
  removed: RecordPage['removed'],
): Promise<void> {
  const slices = Math.max(1, Math.ceil(records.length / WRITE_SLICE));
  for (let slice = 0; slice < slices; slice += 1) {
    const part = records.slice(slice * WRITE_SLICE, (slice + 1) * WRITE_SLICE);
    const partRows = rows.slice(slice * WRITE_SLICE, (slice + 1) * WRITE_SLICE);
    const removals = slice === slices - 1 ? removed : [];
    await ctx.gate.whenNoWriterWaiting();
    await ctx.db.transaction().execute(async (trx) => {
      const ids = [...part.map((record) => record.id), ...removals.map((removal) => removal.id)];
      const keep = await changedIds(trx, schema.name, ids);
      let toWrite = part.filter((record) => !keep.has(record.id));
      if (!full && toWrite.length > 0) {
        // An incremental read also returns the device's own uploads (and, after a look-back, records
        // it already has): a row the device holds as it is, version and values, needs no write. The
        // values are compared too: a version with coarse precision (Salesforce's SystemModstamp is
        // to the second) can stay the same while a server rule changes the record.
        const writingNow = new Set(toWrite.map((record) => record.id));
        const current = await unchangedIds(
          trx,
          target,
          partRows.filter((row) => writingNow.has(row.id)),
        );
        toWrite = toWrite.filter((record) => !current.has(record.id));
      }
      const writing = new Set(toWrite.map((record) => record.id));
      await upsertRows(trx, target, toWrite.length === part.length ? partRows : partRows.filter((row) => writing.has(row.id)));
      const toRemove = removals.map((removal) => removal.id).filter((id) => !keep.has(id));
      await deleteRecords(trx, target, toRemove);
      // A parent deleted on the server never comes back: its children need no second read.
      await forgetOrphanParents(
        trx,
        schema.name,
        removals.filter((removal) => removal.reason === 'deleted').map((removal) => removal.id),
      );
      ctx.onRemoved(schema.name, toRemove);
      figures.downloaded += toWrite.length;
      figures.removed += toRemove.length;
      figures.keptLocal += keep.size;
      await ctx.onSyncPoint?.({ name: 'download-writing', step: 'download', entity: schema.name });
    });
    await ctx.onSyncPoint?.({ name: 'download-written', step: 'download', entity: schema.name });
  }
}

/** Rows per statement of the stale-row sweep: a few milliseconds of work each. */
const SWEEP_ROWS = 2_000;

/**
 * Deletes, in short transactions over rowid ranges, the rows a full download did not write (an older
 * generation) unless the device changed them; returns their ids.
 */
async function sweepStaleRows(ctx: DownloadContext, table: EntitySchema, entity: string, generation: number): Promise<string[]> {
  const max = await sql<{ m: number | null }>`select max(rowid) as m from ${sql.id(table.name)}`.execute(ctx.db);
  const top = Number(max.rows[0]?.m ?? 0);
  const removed: string[] = [];
  for (let low = 0; low < top; low += SWEEP_ROWS) {
    await ctx.gate.whenNoWriterWaiting();
    const deleted = await sql<Record<string, unknown>>`delete from ${sql.id(table.name)}
      where rowid > ${low} and rowid <= ${low + SWEEP_ROWS} and ${sql.id(GENERATION_COLUMN)} < ${generation}
      and ${sql.id(table.primaryKey)} not in (select record_id from ${sql.id(SYSTEM_TABLES.change)} where entity = ${entity})
      returning ${sql.id(table.primaryKey)}`.execute(ctx.db);
    for (const row of deleted.rows) removed.push(String(row[table.primaryKey]));
  }
  return removed;
}

/**
 * Ids of the rows the device already holds exactly as encoded: the same version and the same value in
 * every column (the generation aside, which an incremental download does not change).
 */
async function unchangedIds(db: LocalExecutor, table: EntitySchema, rows: readonly EncodedRow[]): Promise<Set<string>> {
  const columns = tableColumns(table);
  const compared = columns.filter((column) => column !== GENERATION_COLUMN);
  const positions = compared.map((column) => columns.indexOf(column));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const same = new Set<string>();
  const ids = [...byId.keys()];
  for (let start = 0; start < ids.length; start += 500) {
    const held = await db
      .selectFrom(table.name)
      .select(compared)
      .where(table.primaryKey, 'in', ids.slice(start, start + 500))
      .execute();
    for (const stored of held) {
      const id = String(stored[table.primaryKey]);
      const row = byId.get(id);
      if (row === undefined || stored[VERSION_COLUMN] === null) continue;
      if (compared.every((column, index) => stored[column] === row.values[positions[index]])) same.add(id);
    }
  }
  return same;
}

/** Where a staged download writes, and how it hands over its anchor. */
export interface StagedDownload {
  /** Receives the entity's anchor once its last page is in the staging table. */
  completed(anchor: EntityAnchor): void;
}

/** The entity's staging progress if its stage can be continued: the same mode, from the same live anchor, the stage still there. */
async function resumableStage(
  ctx: DownloadContext,
  entity: string,
  mode: 'full' | 'incremental',
  liveAnchor: string | undefined,
): Promise<EntityStagingProgress | undefined> {
  const progress = (await readStagingProgress(ctx.db))[entity];
  if (!progress || progress.mode !== mode || progress.from !== liveAnchor) return undefined;
  const stage = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${stageTableOf(entity)}`.execute(ctx.db);
  return Number(stage.rows[0]?.n ?? 0) > 0 ? progress : undefined;
}

async function createStageFor(ctx: DownloadContext, entity: LocalEntity, full: boolean): Promise<string> {
  let table = '';
  await ctx.db.transaction().execute(async (trx) => {
    table = await createStage(trx, entity.schema, !full);
    await forgetEntityStagingProgress(trx, entity.schema.name);
  });
  return table;
}

/**
 * The SyncShared pass for backends that report sharing separately (`sharedRecords` without
 * `visibilityChanges`): records shared with the user since the anchor are written, records unshared
 * or reassigned away are removed, locally changed ones kept.
 */
export async function applySharingChanges(ctx: DownloadContext, entity: LocalEntity, changes: SharingChanges): Promise<{ gained: number; lost: number }> {
  const { schema } = entity;
  const stored = await readAnchor(ctx.db, schema.name);
  let result = { gained: 0, lost: 0 };
  await ctx.db.transaction().execute(async (trx) => {
    const keep = await changedIds(trx, schema.name, [...changes.gained.map((record) => record.id), ...changes.lost]);
    const gained = changes.gained.filter((record) => !keep.has(record.id));
    const lost = changes.lost.filter((id) => !keep.has(id));
    await upsertRecords(trx, schema, gained, stored.generation);
    await deleteRecords(trx, schema, lost);
    ctx.onRemoved(schema.name, lost);
    result = { gained: gained.length, lost: lost.length };
  });
  return result;
}
