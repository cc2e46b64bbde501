import { sql } from 'kysely';
import type { StoreExecutor } from '../store/store-core';

/**
 * The tables that decide who may see and do what: users and their business units, teams and their
 * members, roles and who holds them, field security profiles and their members. A write to any of
 * them, through the store or straight to the file, bumps the security stamp (a trigger per table and
 * kind of change), so a cache of principals and permissions knows when it is stale.
 */
export const SECURITY_TABLES = [
  'fs_businessunit',
  'fs_user',
  'fs_team',
  'fs_teammember',
  'fs_role',
  'fs_principalrole',
  'fs_fieldprofile',
  'fs_fieldprofilemember',
] as const;

const CHANGES = ['insert', 'update', 'delete'] as const;

/** The names of the triggers that bump the stamp, one per table and kind of change. */
export const SECURITY_STAMP_TRIGGERS: readonly string[] = SECURITY_TABLES.flatMap((table) => CHANGES.map((change) => `${table}_${change}_stamp`));

/** The stamp's table and the triggers that bump it: idempotent, so older files gain them when opened. */
export const SECURITY_STAMP_DDL: readonly string[] = [
  `create table if not exists fs_securitystamp (id integer primary key check (id = 1), version integer not null)`,
  `insert or ignore into fs_securitystamp (id, version) values (1, 0)`,
  ...SECURITY_TABLES.flatMap((table) =>
    CHANGES.map(
      (change) =>
        `create trigger if not exists ${table}_${change}_stamp after ${change} on ${table} begin update fs_securitystamp set version = version + 1 where id = 1; end`,
    ),
  ),
];

/** The security stamp now: it grows with every committed change to a {@link SECURITY_TABLES} row. */
export async function readSecurityStamp(executor: StoreExecutor): Promise<number> {
  const row = (await sql<{ version: number }>`select version from fs_securitystamp where id = 1`.execute(executor)).rows[0];
  return row?.version ?? 0;
}
