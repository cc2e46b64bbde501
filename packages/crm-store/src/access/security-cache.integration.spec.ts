import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock, type Schema } from '@fieldsync/model';
import { openSqliteDatabase } from '@fieldsync/sqlite3-dialect';
import { sql } from 'kysely';
import type { CrmStore } from '../api/crm-store';
import { openCrmStore } from '../store/open-crm-store';
import { SECURITY_STAMP_TRIGGERS } from './security-stamp';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      primaryName: 'name',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] },
      ],
    },
  ],
};

/** Principals and permissions are kept per security stamp: every change to who may do what is seen at the next call. */
describe('crm-store security cache', () => {
  let dir: string;
  let file: string;
  let store: CrmStore;
  let ids: { alice: string; bob: string; north: string; reader: string; writer: string };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-security-'));
    file = path.join(dir, 'crm.db');
    store = await openCrmStore({ file, clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')) });
    await store.applySchema(schema);
    const north = await store.createBusinessUnit({ name: 'north' });
    const alice = await store.createUser({ userName: 'alice', fullName: 'Alice', password: 'pw-a', businessUnitId: north });
    const bob = await store.createUser({ userName: 'bob', fullName: 'Bob', password: 'pw-b', businessUnitId: north });
    const reader = await store.createSecurityRole({ name: 'reader', privileges: { account: { read: 'user' } } });
    const writer = await store.createSecurityRole({ name: 'writer', privileges: { account: { read: 'organization', write: 'user' } } });
    await store.assignRole(alice, reader);
    ids = { alice, bob, north, reader, writer };
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the same permissions twice, then a role given through the store at the next call', async () => {
    const alice = await store.principalOf(ids.alice);
    expect((await store.permissions(alice)).entities['account']).toMatchObject({ read: 'user', write: 'none' });
    expect((await store.permissions(alice)).entities['account']).toMatchObject({ read: 'user', write: 'none' });
    await store.assignRole(ids.alice, ids.writer);
    expect((await store.permissions(alice)).entities['account']).toMatchObject({ read: 'organization', write: 'user' });
  });

  it('sees a team membership and a role written by another connection to the file', async () => {
    const team = await store.createTeam({ name: 'desk', businessUnitId: ids.north });
    await store.assignRole(team, ids.writer);
    expect((await store.principalOf(ids.bob)).teamIds).toEqual([]);
    expect((await store.permissions(await store.principalOf(ids.bob))).entities['account']).toBeUndefined();
    const other = await openSqliteDatabase(file);
    try {
      await sql`insert into fs_teammember (teamid, userid) values (${team}, ${ids.bob})`.execute(other);
    } finally {
      await other.destroy();
    }
    const bob = await store.principalOf(ids.bob);
    expect(bob.teamIds).toEqual([team]);
    expect((await store.permissions(bob)).entities['account']).toMatchObject({ read: 'organization', write: 'user' });
  });

  it('forgets a revoked role and a removed field profile grant written straight to the file', async () => {
    const profile = await store.createFieldSecurityProfile({ name: 'secret', fields: { account: { name: { read: true, create: false, update: false } } } });
    await store.addFieldSecurityProfileMember(profile, ids.alice);
    const alice = await store.principalOf(ids.alice);
    expect((await store.permissions(alice)).fields['account']?.['name']).toEqual({ read: true, create: false, update: false });
    const other = await openSqliteDatabase(file);
    try {
      await sql`delete from fs_fieldprofilemember where principalid = ${ids.alice}`.execute(other);
      await sql`delete from fs_principalrole where principalid = ${ids.alice}`.execute(other);
    } finally {
      await other.destroy();
    }
    const after = await store.permissions(alice);
    expect(after.fields['account']?.['name']).toEqual({ read: false, create: false, update: false });
    expect(after.entities['account']).toBeUndefined();
  });

  it('gives a store file made before the stamp its triggers when opened, and then sees changes', async () => {
    await store.close();
    const old = await openSqliteDatabase(file);
    try {
      for (const trigger of SECURITY_STAMP_TRIGGERS) await sql.raw(`drop trigger ${trigger}`).execute(old);
      await sql`drop table fs_securitystamp`.execute(old);
    } finally {
      await old.destroy();
    }
    store = await openCrmStore({ file });
    const triggers = await openSqliteDatabase(file);
    try {
      const names = (await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`.execute(triggers)).rows.map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining([...SECURITY_STAMP_TRIGGERS]));
    } finally {
      await triggers.destroy();
    }
    const alice = await store.principalOf(ids.alice);
    expect((await store.permissions(alice)).entities['account']).toMatchObject({ read: 'user' });
    await store.assignRole(ids.alice, ids.writer);
    expect((await store.permissions(alice)).entities['account']).toMatchObject({ read: 'organization' });
  });

  it('does not keep a user that is not there', async () => {
    await expect(store.principalOf('no-such-user')).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    await expect(store.principalOf('no-such-user')).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
  });
});
