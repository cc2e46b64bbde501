import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { systemClock, validateFieldValues, ValidationError, type FieldValues, type Schema } from '@fieldsync/model';
import { openSqliteDatabase, SqliteOpenError, SqliteQueryError } from '@fieldsync/sqlite3-dialect';
import type { CrmStore } from '../api/crm-store';
import type { OpenCrmStoreOptions } from '../api/open-crm-store-options';
import { recordAccess } from '../access/record-access';
import { resolvePermissions } from '../access/resolve-permissions';
import { putAttachment, readAttachment } from '../attachments/attachments';
import * as sessions from '../auth/sessions';
import { StoreFileInvalidError } from '../errors/store-errors';
import * as org from '../org/organization';
import { countRecords } from '../read/count-records';
import { deletesSince } from '../read/deletes-since';
import { readChanges } from '../read/read-changes';
import { readFull } from '../read/read-full';
import { sharingChangesSince } from '../read/sharing-changes-since';
import { quoteTotalsRule } from '../rules/quote-totals-rule';
import { applySchema } from '../schema/apply-schema';
import { insertMany } from '../system/insert-many';
import { assign, purgeHistory, share, unshare } from '../system/sharing';
import { applyWriteBatch } from '../write/apply-write-batch';
import { deleteRecord, updateRecord } from './record-mutations';
import { StoreCore, type StoreDb } from './store-core';
import { createSystemTables, STORE_FORMAT, upgradeSystemTables } from './system-tables';

const DAY_MS = 86_400_000;

async function openFile(file: string): Promise<StoreDb> {
  let db: StoreDb;
  try {
    db = await openSqliteDatabase(file);
  } catch (error) {
    if (SqliteOpenError.is(error)) throw new StoreFileInvalidError(file, `not a usable SQLite file (${error.sqliteCode}): ${error.message}`, { cause: error });
    throw error;
  }
  try {
    const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name);
    if (tables.length === 0) {
      await db.transaction().execute(async (trx) => {
        await createSystemTables(trx);
        await sql`insert into fs_meta (key, value) values ('format', ${STORE_FORMAT}), ('organizationId', ${randomUUID()}), ('watermark', '0')`.execute(trx);
      });
      return db;
    }
    const format = tables.includes('fs_meta')
      ? (await sql<{ value: string }>`select value from fs_meta where key = 'format'`.execute(db)).rows[0]?.value
      : undefined;
    if (format !== STORE_FORMAT) throw new StoreFileInvalidError(file, `a SQLite database that is not a crm-store (format ${format ?? 'missing'})`);
    await upgradeSystemTables(db);
    return db;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    if (SqliteQueryError.is(error)) throw new StoreFileInvalidError(file, error.message, { cause: error });
    throw error;
  }
}

/**
 * Opens (or creates) a crm-store in a SQLite file. A file that is not SQLite, or SQLite that is not
 * a crm-store, throws `STORE_FILE_INVALID` and is left untouched. The stored schema is loaded.
 * @example const store = await openCrmStore({ file: 'crm.db', clock: new ManualClock() }); await store.applySchema(schema);
 */
export async function openCrmStore(options: OpenCrmStoreOptions): Promise<CrmStore> {
  const db = await openFile(options.file);
  const core = new StoreCore(db, options.clock ?? systemClock, {
    file: options.file,
    tokenTtlMs: options.tokenTtlMs ?? 3_600_000,
    refreshTtlMs: options.refreshTtlMs ?? 30 * DAY_MS,
    historyRetentionMs: options.historyRetentionMs ?? 30 * DAY_MS,
    dailyApiLimit: options.dailyApiLimit ?? 1_000_000,
    rules: [quoteTotalsRule, ...(options.rules ?? [])],
  });
  const stored = (await sql<{ value: string }>`select value from fs_meta where key = 'schema'`.execute(db)).rows[0];
  if (stored) core.schema = JSON.parse(stored.value) as Schema;

  const systemValidate = (entityName: string, fields: FieldValues) => {
    const issues = validateFieldValues(core.entity(entityName), fields, { mode: 'update', allowReadOnly: true });
    if (issues.length > 0) throw new ValidationError(`${entityName} record`, issues);
  };

  const store: CrmStore = {
    file: options.file,
    clock: core.clock,
    applySchema: (schema) => applySchema(core, schema),
    schema: () => core.schema,

    createBusinessUnit: (input) => org.createBusinessUnit(core, input),
    createUser: (input) => org.createUser(core, input),
    setUserDisabled: (userId, disabled) => org.setUserDisabled(core, userId, disabled),
    getUser: (userId) => org.getUser(core, userId),
    findUserByName: (userName) => org.findUserByName(core, userName),
    listUsers: (query) => org.listUsers(core, query),
    roleNamesOf: (userId) => org.roleNamesOf(core, userId),
    createTeam: (input) => org.createTeam(core, input),
    addTeamMember: (teamId, userId) => org.addTeamMember(core, teamId, userId),
    removeTeamMember: (teamId, userId) => org.removeTeamMember(core, teamId, userId),
    createSecurityRole: (input) => org.createSecurityRole(core, input),
    assignRole: (principalId, roleId) => org.assignRole(core, principalId, roleId),
    createFieldSecurityProfile: (input) => org.createFieldSecurityProfile(core, input),
    addFieldSecurityProfileMember: (profileId, principalId) => org.addFieldSecurityProfileMember(core, profileId, principalId),
    organizationId: async () => (await sql<{ value: string }>`select value from fs_meta where key = 'organizationId'`.execute(db)).rows[0].value,

    signIn: (userName, password) => sessions.signIn(core, userName, password),
    refresh: (refreshToken) => sessions.refresh(core, refreshToken),
    authenticate: (accessToken) => sessions.authenticate(core, accessToken),
    revokeSessions: (userId) => sessions.revokeSessions(core, userId),
    principalOf: (userId) => sessions.principalOf(core, userId),
    permissions: (principal) => resolvePermissions(core, principal),

    readFull: (principal, request) => readFull(core, principal, request),
    readChanges: (principal, request) => readChanges(core, principal, request),
    deletesSince: (principal, request) => deletesSince(core, principal, request),
    sharingChangesSince: (principal, request) => sharingChangesSince(core, principal, request),
    count: (principal, request) => countRecords(core, principal, request),
    recordAccess: (principal, entity, ids) => recordAccess(core, principal, entity, ids),
    currentVersion: () => core.currentVersion(),

    write: (principal, operations, writeOptions) => applyWriteBatch(core, principal, operations, writeOptions),

    insertMany: (entity, rows, insertOptions) => insertMany(core, entity, rows, insertOptions),
    async updateAsSystem(entityName, id, fields) {
      systemValidate(entityName, fields);
      const entity = core.entity(entityName);
      const row = await db.transaction().execute((trx) => updateRecord(core, trx, entity, id, fields));
      return core.toRecord(entity, row);
    },
    async deleteAsSystem(entityName, id) {
      const entity = core.entity(entityName);
      await db.transaction().execute((trx) => deleteRecord(core, trx, entity, id));
    },
    share: (entity, id, principalId) => share(core, entity, id, principalId),
    unshare: (entity, id, principalId) => unshare(core, entity, id, principalId),
    assign: (entity, id, newOwnerId) => assign(core, entity, id, newOwnerId),
    async getAsSystem(entityName, id) {
      const entity = core.entity(entityName);
      const row = await core.getRow(db, entity, id);
      return row && core.toRecord(entity, row);
    },
    purgeHistory: (purgeOptions) => purgeHistory(core, purgeOptions?.olderThanMs ?? core.settings.historyRetentionMs),

    putAttachment: (principal, request) => putAttachment(core, principal, request),
    readAttachment: (principal, request) => readAttachment(core, principal, request),

    metrics: () => ({ ...core.metrics }),
    resetMetrics() {
      core.metrics.recordsSent = 0;
      core.metrics.reads = 0;
      core.metrics.writes = 0;
    },
    apiUsage(userId) {
      const entry = core.apiCalls.get(userId);
      const day = Math.floor(core.clock.now() / DAY_MS);
      return { used: entry && entry.day === day ? entry.used : 0, limit: core.settings.dailyApiLimit, windowMs: DAY_MS };
    },
    close: () => db.destroy(),
  };
  return store;
}
