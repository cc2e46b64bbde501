import { randomBytes } from 'node:crypto';
import type { FilterNode } from '@fieldsync/model';
import type { SObjectField, SObjectType } from '../naming/sobject-naming';
import { compileQuery, valueAt, type CompiledQuery } from '../query/compile-query';
import { formatSfValue, recordToSfRow, tombstoneToSfRow, type SfRow } from '../records/sf-row';
import type { SoqlCondition } from '../soql/soql-ast';
import { parseSoql } from '../soql/parse-soql';
import { SoqlError } from '../soql/soql-error';
import type { EmulatorCore, RequestUser } from './emulator-core';
import { SalesforceApiError } from './salesforce-api-error';
import { USER_RECORD_ACCESS, userRecordAccess } from './user-record-access';
import { SYSTEM_SOBJECTS } from './system-sobjects';

/** A query's result kept for `queryMore`, until it expires. */
interface QueryCursor {
  readonly userId: string;
  readonly compiled: CompiledQuery;
  readonly rows: readonly SfRow[];
  readonly batchSize: number;
  lastUsed: number;
}

/** Largest and smallest page Salesforce serves, and its default. */
const MAX_BATCH = 2000;
const MIN_BATCH = 200;
/** Open query cursors a user may hold; the oldest is invalidated past it. */
export const MAX_OPEN_CURSORS = 10;

/** `batchSize=N` of `Sforce-Query-Options`, clamped to 200..2,000 as Salesforce does. */
export function batchSizeOf(header: string | string[] | undefined): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  if (!match) return MAX_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

const LOCATOR_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A locator id like Salesforce's `01g…`, with a `+` and a `=` in it so clients must keep it opaque. */
function newLocatorId(): string {
  const bytes = randomBytes(13);
  const body = [...bytes].map((b) => LOCATOR_ALPHABET[b % LOCATOR_ALPHABET.length]).join('');
  return `01g${body.slice(0, 6)}+${body.slice(6)}=`;
}

/**
 * A store filter `modifiedon >= t` implied by a top-level `SystemModstamp` / `LastModifiedDate` lower
 * bound, so an incremental query reads only the recent rows; the exact condition still runs in memory.
 * `t` is the bound floored to the second, which keeps every row the exact condition can keep.
 */
export function modstampFloor(type: SObjectType, where: SoqlCondition | undefined): FilterNode | undefined {
  if (!type.entity.fields.some((f) => f.name === 'modifiedon' && f.type === 'datetime')) return undefined;
  const items = where?.kind === 'and' ? where.items : where ? [where] : [];
  let floor: number | undefined;
  for (const item of items) {
    if (item.kind !== 'compare' || item.field.length !== 1 || item.value.kind !== 'datetime') continue;
    const name = item.field[0].toLowerCase();
    if ((name !== 'systemmodstamp' && name !== 'lastmodifieddate') || !['>', '>=', '='].includes(item.op)) continue;
    const bound = Math.floor(item.value.value / 1000) * 1000;
    floor = floor === undefined ? bound : Math.max(floor, bound);
  }
  return floor === undefined ? undefined : { kind: 'condition', field: 'modifiedon', operator: 'ge', value: new Date(floor).toISOString() };
}

/**
 * The part of a query the store can filter itself: the SystemModstamp floor ({@link modstampFloor})
 * and an `Id = '…'` or `Id IN (…)` among the top-level AND conditions, so a lookup by ids (what a
 * connector does after a write) reads those rows and not the whole table. The query's own WHERE still
 * runs over what the store answers.
 */
export function storePushdown(type: SObjectType, where: SoqlCondition | undefined): FilterNode | undefined {
  const items = where?.kind === 'and' ? where.items : where ? [where] : [];
  const children: FilterNode[] = [];
  const floor = modstampFloor(type, where);
  if (floor) children.push(floor);
  for (const item of items) {
    const isId = (item.kind === 'compare' || item.kind === 'in') && item.field.length === 1 && item.field[0].toLowerCase() === 'id';
    if (!isId) continue;
    const values = item.kind === 'compare' ? (item.op === '=' ? [item.value] : []) : item.negated ? [] : item.values;
    const ids = values.filter((value): value is { kind: 'string'; value: string } => value.kind === 'string').map((value) => value.value);
    if (ids.length > 0 && ids.length === values.length) {
      children.push({ kind: 'condition', field: type.entity.primaryKey, operator: 'in', value: ids });
      break;
    }
  }
  if (children.length === 0) return undefined;
  return children.length === 1 ? children[0] : { kind: 'group', type: 'and', children };
}

/** Runs SOQL as a user and keeps cursors for the next pages. */
export class QueryEngine {
  private readonly cursors = new Map<string, QueryCursor>();

  constructor(private readonly core: EmulatorCore) {}

  /** Forgets every cursor: the next `queryMore` answers `INVALID_QUERY_LOCATOR`. */
  expireLocators(): void {
    this.cursors.clear();
  }

  /** `GET /query?q=` (or `/queryAll` with `all`): the first page. */
  async query(user: RequestUser, soql: string, all: boolean, batchSize: number): Promise<unknown> {
    const parsed = parseSoql(soql);
    if (parsed.from.toLowerCase() === USER_RECORD_ACCESS.toLowerCase()) return userRecordAccess(this.core, user, parsed);
    const system = SYSTEM_SOBJECTS.get(parsed.from.toLowerCase());
    const isSystem = system !== undefined;
    const type = system?.type ?? user.catalog.find(parsed.from);
    const privileges = type && !isSystem ? user.permissions.entities[type.entity.name] : undefined;
    if (!type || (!isSystem && (!privileges || privileges.read === 'none'))) {
      throw new SoqlError(
        'INVALID_TYPE',
        `\n${soql}\nERROR at Row:1:Column:1\nsObject type '${parsed.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const compiled = compileQuery(parsed, type, {
      now: this.core.clock.now(),
      readable: (t, f) => this.core.readable(user, t, f),
      targetOf: (field) => this.singleTarget(user, field),
    });
    let rows: SfRow[] = system
      ? await system.rows(this.core, user)
      : (await this.core.readAll(user, type.entity.name, storePushdown(type, parsed.where))).map((record) => recordToSfRow(type, record));
    if (all && !isSystem) {
      const live = new Set(rows.map((row) => row.id));
      for (const tombstone of await this.core.tombstones(user, type.entity.name)) {
        if (!live.has(tombstone.id)) rows.push(tombstoneToSfRow(type, tombstone.id, tombstone.deletedAt));
      }
    }
    await this.fillParents(user, compiled, rows);
    rows = rows.filter(compiled.where);
    if (compiled.compare) rows.sort(compiled.compare);
    if (parsed.offset !== undefined) rows = rows.slice(parsed.offset);
    if (parsed.limit !== undefined) rows = rows.slice(0, parsed.limit);
    if (parsed.count) return { totalSize: rows.length, done: true, records: [] };
    const cursor: QueryCursor = { userId: user.session.userId, compiled, rows, batchSize, lastUsed: this.core.clock.now() };
    return this.page(cursor, undefined, 0);
  }

  /** `GET /query/{locator}-{offset}`: a later page. */
  more(user: RequestUser, segment: string): unknown {
    const decoded = decodeURIComponent(segment);
    const dash = decoded.lastIndexOf('-');
    const id = dash > 0 ? decoded.slice(0, dash) : decoded;
    const offset = dash > 0 ? Number(decoded.slice(dash + 1)) : NaN;
    const cursor = this.cursors.get(id);
    const now = this.core.clock.now();
    if (!cursor || cursor.userId !== user.session.userId || !Number.isInteger(offset) || offset < 0 || offset > cursor.rows.length) {
      throw new SalesforceApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    if (now - cursor.lastUsed > this.core.settings.locatorTtlMs) {
      this.cursors.delete(id);
      throw new SalesforceApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    cursor.lastUsed = now;
    return this.page(cursor, id, offset);
  }

  private page(cursor: QueryCursor, existingId: string | undefined, offset: number): unknown {
    const end = Math.min(cursor.rows.length, offset + cursor.batchSize);
    const records = cursor.rows.slice(offset, end).map((row) => this.format(cursor.compiled, row));
    const done = end >= cursor.rows.length;
    let id = existingId;
    if (!done && id === undefined) {
      id = newLocatorId();
      this.open(id, cursor);
    }
    if (done && id !== undefined) this.cursors.delete(id);
    return {
      totalSize: cursor.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `${this.core.basePath}/query/${encodeURIComponent(id ?? '')}-${end}` }),
      records,
    };
  }

  /**
   * Keeps a new cursor. Expired cursors are dropped, and a user keeps at most
   * {@link MAX_OPEN_CURSORS} open: opening one more invalidates their oldest, as Salesforce does.
   */
  private open(id: string, cursor: QueryCursor): void {
    const now = this.core.clock.now();
    const mine: [string, QueryCursor][] = [];
    for (const [key, other] of this.cursors) {
      if (now - other.lastUsed > this.core.settings.locatorTtlMs) this.cursors.delete(key);
      else if (other.userId === cursor.userId) mine.push([key, other]);
    }
    mine.sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key] of mine.slice(0, Math.max(0, mine.length - MAX_OPEN_CURSORS + 1))) this.cursors.delete(key);
    this.cursors.set(id, cursor);
  }

  private attributes(type: string, id: string) {
    return { type, url: `${this.core.basePath}/sobjects/${type}/${encodeURIComponent(id)}` };
  }

  private format(compiled: CompiledQuery, row: SfRow): Record<string, unknown> {
    const record: Record<string, unknown> = { attributes: this.attributes(row.type, row.id) };
    for (const item of compiled.select) {
      if (!item.parent) {
        const value = formatSfValue(item.field, valueAt(row, item));
        // A base64 field reads as the URL of its body, as on Salesforce.
        record[item.field.name] = item.field.type === 'base64' && typeof value === 'string' ? `${this.core.basePath}${value}` : value;
        continue;
      }
      const key = item.parent.relationshipName;
      const parent = row.parents.get(key.toLowerCase());
      if (!parent) {
        record[key] = null;
        continue;
      }
      const nested = (record[key] as Record<string, unknown> | undefined) ?? { attributes: this.attributes(parent.type, parent.id) };
      nested[item.parent.name] = formatSfValue({ type: item.parent.type }, valueAt(row, item));
      record[key] = nested;
    }
    return record;
  }

  private singleTarget(user: RequestUser, field: SObjectField) {
    if (field.referenceTo.length !== 1) return undefined;
    return user.catalog.find(field.referenceTo[0]);
  }

  /** Loads the parents the query names, as the user sees them (an invisible parent reads as null). */
  private async fillParents(user: RequestUser, compiled: CompiledQuery, rows: readonly SfRow[]): Promise<void> {
    for (const [relationship, field] of compiled.relationships) {
      const parents = new Map<string, SfRow>();
      if (field.source?.type === 'owner') {
        for (const owner of await this.core.store.listUsers()) {
          const values = new Map<string, string | null>([
            ['id', owner.id],
            ['name', owner.fullName],
            ['username', owner.userName],
            ['type', 'User'],
          ]);
          parents.set(owner.id, { type: 'User', id: owner.id, values, parents: new Map(), references: new Map() });
        }
      } else {
        for (const targetEntity of field.source?.targets ?? []) {
          const target = user.catalog.ofEntity(targetEntity);
          if (!target || (user.permissions.entities[targetEntity]?.read ?? 'none') === 'none') continue;
          for (const record of await this.core.readAll(user, targetEntity)) {
            const row = recordToSfRow(target, record);
            row.values.set('type', target.name);
            parents.set(record.id, row);
          }
        }
      }
      for (const row of rows) {
        const reference = row.references.get(relationship);
        row.parents.set(relationship, reference ? (parents.get(reference.id) ?? null) : null);
      }
    }
  }
}
