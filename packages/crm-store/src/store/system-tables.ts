import { sql, type Kysely } from 'kysely';
import { SECURITY_STAMP_DDL, SECURITY_STAMP_TRIGGERS } from '../access/security-stamp';

/** The `fs_meta.format` value that marks a file as a crm-store. */
export const STORE_FORMAT = 'fieldsync-crm-store/1';

const DDL = [
  `create table if not exists fs_meta (key text primary key, value text not null)`,
  `create table if not exists fs_counter (id integer primary key check (id = 1), version integer not null)`,
  `insert or ignore into fs_counter (id, version) values (1, 0)`,
  `create table if not exists fs_businessunit (id text primary key, name text not null, parentid text references fs_businessunit(id))`,
  `create table if not exists fs_user (id text primary key, username text not null unique collate nocase, fullname text not null,
     passwordhash text not null, businessunitid text not null references fs_businessunit(id), disabled integer not null default 0)`,
  `create table if not exists fs_team (id text primary key, name text not null, businessunitid text not null references fs_businessunit(id))`,
  `create table if not exists fs_teammember (teamid text not null references fs_team(id), userid text not null references fs_user(id), primary key (teamid, userid))`,
  `create table if not exists fs_role (id text primary key, name text not null, privileges text not null)`,
  `create table if not exists fs_principalrole (principalid text not null, roleid text not null references fs_role(id), primary key (principalid, roleid))`,
  `create table if not exists fs_fieldprofile (id text primary key, name text not null, fields text not null)`,
  `create table if not exists fs_fieldprofilemember (profileid text not null references fs_fieldprofile(id), principalid text not null, primary key (profileid, principalid))`,
  `create table if not exists fs_session (tokenhash text primary key, kind text not null, userid text not null, expiresat integer not null)`,
  `create index if not exists fs_session_user on fs_session (userid)`,
  `create table if not exists fs_share (entity text not null, recordid text not null, principalid text not null, primary key (entity, recordid, principalid))`,
  `create table if not exists fs_access_log (version integer primary key, entity text not null, recordid text not null, kind text not null,
     principalid text, oldownerid text, oldowningbu text, newownerid text, newowningbu text, at text not null)`,
  `create index if not exists fs_access_log_entity on fs_access_log (entity, version)`,
  `create table if not exists fs_tombstone (version integer primary key, entity text not null, recordid text not null, deletedat text not null,
     ownerid text, owningbu text, sharedwith text not null, accessentity text)`,
  `create index if not exists fs_tombstone_entity on fs_tombstone (entity, version)`,
  `create table if not exists fs_idempotency (userid text not null, key text not null, result text not null, at text not null, primary key (userid, key))`,
  `create table if not exists fs_attachment (entity text not null, recordid text not null, filename text not null, mimetype text not null,
     size integer not null, body blob not null, primary key (entity, recordid))`,
];

/** Columns added after a table's first release: table, column, definition. Added to older files when missing. */
const ADDED_COLUMNS: readonly (readonly [string, string, string])[] = [
  // The entity whose owner and shares the tombstone keeps: a parental child's controlling parent (null: the tombstone's own entity).
  ['fs_tombstone', 'accessentity', 'text'],
];

/** Creates the store's own tables (idempotent), adding columns that older files lack. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createSystemTables(db: Kysely<any>): Promise<void> {
  for (const statement of [...DDL, ...SECURITY_STAMP_DDL]) await sql.raw(statement).execute(db);
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const columns = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
    if (!columns.rows.some((row) => row.name === column)) await sql.raw(`alter table ${table} add column ${column} ${definition}`).execute(db);
  }
}

/** Brings the store's own tables of an existing file up to this version: the security stamp and its triggers (idempotent). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function upgradeSystemTables(db: Kysely<any>): Promise<void> {
  const present = await sql<{
    n: number;
  }>`select count(*) as n from sqlite_master where type = 'trigger' and name in (${sql.join([...SECURITY_STAMP_TRIGGERS])})`.execute(db);
  if (present.rows[0].n === SECURITY_STAMP_TRIGGERS.length) return;
  await db.transaction().execute(async (trx) => {
    for (const statement of SECURITY_STAMP_DDL) await sql.raw(statement).execute(trx);
  });
}
