import { sql } from 'kysely';
import type {
  BusinessUnitInput,
  FieldSecurityProfileInput,
  SecurityRoleInput,
  StoreUser,
  StoreUserQuery,
  TeamInput,
  UserInput,
} from '../api/organization-inputs';
import { hashPassword } from '../auth/password-hash';
import { StoreDuplicateError, StoreNotFoundError } from '../errors/store-errors';
import type { StoreCore } from '../store/store-core';

async function exists(core: StoreCore, table: string, id: string): Promise<boolean> {
  return (await sql`select 1 from ${sql.table(table)} where id = ${id}`.execute(core.db)).rows.length > 0;
}

async function requireBusinessUnit(core: StoreCore, id: string): Promise<void> {
  if (!(await exists(core, 'fs_businessunit', id))) throw new StoreNotFoundError('business unit', id);
}

/** Creates a business unit. */
export async function createBusinessUnit(core: StoreCore, input: BusinessUnitInput): Promise<string> {
  const id = input.id ?? core.newId();
  if (input.parentId !== undefined) await requireBusinessUnit(core, input.parentId);
  if (await exists(core, 'fs_businessunit', id)) throw new StoreDuplicateError('business unit', id);
  await sql`insert into fs_businessunit (id, name, parentid) values (${id}, ${input.name}, ${input.parentId ?? null})`.execute(core.db);
  return id;
}

/** Creates a user with a scrypt-hashed password. */
export async function createUser(core: StoreCore, input: UserInput): Promise<string> {
  const id = input.id ?? core.newId();
  await requireBusinessUnit(core, input.businessUnitId);
  if ((await sql`select 1 from fs_user where username = ${input.userName} or id = ${id}`.execute(core.db)).rows.length > 0) {
    throw new StoreDuplicateError('user', input.userName);
  }
  const hash = await hashPassword(input.password);
  await sql`insert into fs_user (id, username, fullname, passwordhash, businessunitid, disabled)
    values (${id}, ${input.userName}, ${input.fullName}, ${hash}, ${input.businessUnitId}, ${input.disabled ? 1 : 0})`.execute(core.db);
  return id;
}

interface UserRow {
  id: string;
  username: string;
  fullname: string;
  businessunitid: string;
  disabled: number;
}

const toUser = (row: UserRow): StoreUser => ({
  id: row.id,
  userName: row.username,
  fullName: row.fullname,
  businessUnitId: row.businessunitid,
  disabled: row.disabled === 1,
});

/** A user by id. */
export async function getUser(core: StoreCore, id: string): Promise<StoreUser | undefined> {
  const row = (await sql<UserRow>`select id, username, fullname, businessunitid, disabled from fs_user where id = ${id}`.execute(core.db)).rows[0];
  return row && toUser(row);
}

/** A user by name. */
export async function findUserByName(core: StoreCore, userName: string): Promise<StoreUser | undefined> {
  const row = (await sql<UserRow>`select id, username, fullname, businessunitid, disabled from fs_user where username = ${userName}`.execute(core.db)).rows[0];
  return row && toUser(row);
}

/** Users by user name (`collate nocase`, as the column): all, or the keyset page `query` asks for. */
export async function listUsers(core: StoreCore, query: StoreUserQuery = {}): Promise<StoreUser[]> {
  const after = query.afterUserName === undefined ? sql`` : sql`and username > ${query.afterUserName}`;
  const pattern = query.search === undefined || query.search === '' ? undefined : `%${query.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const search = pattern === undefined ? sql`` : sql`and (username like ${pattern} escape '\\' or fullname like ${pattern} escape '\\')`;
  const limit = query.first === undefined ? sql`` : sql`limit ${query.first}`;
  const rows =
    await sql<UserRow>`select id, username, fullname, businessunitid, disabled from fs_user where 1 = 1 ${after} ${search} order by username ${limit}`.execute(
      core.db,
    );
  return rows.rows.map(toUser);
}

/** Names of the security roles a user holds, directly or through a team, sorted. */
export async function roleNamesOf(core: StoreCore, userId: string): Promise<string[]> {
  const rows = await sql<{ name: string }>`select distinct r.name as name from fs_role r join fs_principalrole pr on pr.roleid = r.id
    where pr.principalid = ${userId} or pr.principalid in (select teamid from fs_teammember where userid = ${userId}) order by r.name`.execute(core.db);
  return rows.rows.map((row) => row.name);
}

/** Enables or disables a user. */
export async function setUserDisabled(core: StoreCore, userId: string, disabled: boolean): Promise<void> {
  const result = await core.db
    .updateTable('fs_user')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', userId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new StoreNotFoundError('user', userId);
}

/** Creates a team. */
export async function createTeam(core: StoreCore, input: TeamInput): Promise<string> {
  const id = input.id ?? core.newId();
  await requireBusinessUnit(core, input.businessUnitId);
  if (await exists(core, 'fs_team', id)) throw new StoreDuplicateError('team', id);
  await sql`insert into fs_team (id, name, businessunitid) values (${id}, ${input.name}, ${input.businessUnitId})`.execute(core.db);
  return id;
}

/** Adds a member to a team. */
export async function addTeamMember(core: StoreCore, teamId: string, userId: string): Promise<void> {
  if (!(await exists(core, 'fs_team', teamId))) throw new StoreNotFoundError('team', teamId);
  if (!(await exists(core, 'fs_user', userId))) throw new StoreNotFoundError('user', userId);
  await sql`insert or ignore into fs_teammember (teamid, userid) values (${teamId}, ${userId})`.execute(core.db);
}

/** Removes a member from a team. */
export async function removeTeamMember(core: StoreCore, teamId: string, userId: string): Promise<void> {
  await sql`delete from fs_teammember where teamid = ${teamId} and userid = ${userId}`.execute(core.db);
}

/** Creates a security role. */
export async function createSecurityRole(core: StoreCore, input: SecurityRoleInput): Promise<string> {
  const id = input.id ?? core.newId();
  if (await exists(core, 'fs_role', id)) throw new StoreDuplicateError('security role', id);
  await sql`insert into fs_role (id, name, privileges) values (${id}, ${input.name}, ${JSON.stringify(input.privileges)})`.execute(core.db);
  return id;
}

/** Gives a role to a user or team. */
export async function assignRole(core: StoreCore, principalId: string, roleId: string): Promise<void> {
  if (!(await exists(core, 'fs_role', roleId))) throw new StoreNotFoundError('security role', roleId);
  if (!(await exists(core, 'fs_user', principalId)) && !(await exists(core, 'fs_team', principalId))) throw new StoreNotFoundError('user or team', principalId);
  await sql`insert or ignore into fs_principalrole (principalid, roleid) values (${principalId}, ${roleId})`.execute(core.db);
}

/** Creates a field security profile. */
export async function createFieldSecurityProfile(core: StoreCore, input: FieldSecurityProfileInput): Promise<string> {
  const id = input.id ?? core.newId();
  if (await exists(core, 'fs_fieldprofile', id)) throw new StoreDuplicateError('field security profile', id);
  await sql`insert into fs_fieldprofile (id, name, fields) values (${id}, ${input.name}, ${JSON.stringify(input.fields)})`.execute(core.db);
  return id;
}

/** Adds a user or team to a field security profile. */
export async function addFieldSecurityProfileMember(core: StoreCore, profileId: string, principalId: string): Promise<void> {
  if (!(await exists(core, 'fs_fieldprofile', profileId))) throw new StoreNotFoundError('field security profile', profileId);
  await sql`insert or ignore into fs_fieldprofilemember (profileid, principalid) values (${profileId}, ${principalId})`.execute(core.db);
}

/** The owner's business unit and reference entity (`systemuser` or `team`), or undefined when no such user or team. */
export async function resolveOwner(
  core: StoreCore,
  ownerId: string,
  executor = core.db,
): Promise<{ entity: 'systemuser' | 'team'; businessUnitId: string } | undefined> {
  const user = (await sql<{ b: string }>`select businessunitid as b from fs_user where id = ${ownerId}`.execute(executor)).rows[0];
  if (user) return { entity: 'systemuser', businessUnitId: user.b };
  const team = (await sql<{ b: string }>`select businessunitid as b from fs_team where id = ${ownerId}`.execute(executor)).rows[0];
  return team && { entity: 'team', businessUnitId: team.b };
}
