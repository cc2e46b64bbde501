import { ContractViolationError } from '@fieldsync/connector-api';
import type { SalesforceConnectorConfig } from '../config/salesforce-connector-config';
import { salesforceClientFor } from '../connector/salesforce-client';
import { soqlString } from '@fieldsync/model';
import { soqlId } from '../soql/soql-literals';

/** A Salesforce user as a directory lists them. */
export interface SalesforceUser {
  readonly id: string;
  readonly userName: string;
  readonly fullName: string;
  readonly active: boolean;
  /** Labels of the permission sets assigned to the user that their profile does not own (their roles). */
  readonly roles: readonly string[];
}

/** The org's users and their permission sets, as an integration user with "View Setup" reads them. */
export interface SalesforceDirectory {
  /** Every user, with their roles. */
  users(): Promise<SalesforceUser[]>;
  /** One user by Id, or undefined. */
  user(id: string): Promise<SalesforceUser | undefined>;
  /** One user by user name, or undefined. */
  userByName(userName: string): Promise<SalesforceUser | undefined>;
  /**
   * One page of users by user name (`ORDER BY Username LIMIT first + 1`, keyset on `Username`), only
   * those whose user name or name contains `search`; roles are read for that page only.
   */
  usersPage(query: SalesforceUserQuery): Promise<{ users: SalesforceUser[]; hasNextPage: boolean }>;
}

/** What {@link SalesforceDirectory.usersPage} asks for. */
export interface SalesforceUserQuery {
  /** At most this many users. */
  readonly first: number;
  /** Only users whose `Username` sorts after this one. */
  readonly afterUserName?: string;
  /** Only users whose `Username` or `Name` contains this text (SOQL LIKE, case-insensitive). */
  readonly search?: string;
}

interface Answer {
  readonly done?: boolean;
  readonly nextRecordsUrl?: string;
  readonly records?: readonly Record<string, unknown>[];
}

const text = (value: unknown, field: string, where: string): string => {
  if (typeof value !== 'string') throw new ContractViolationError(`${field} is not text`, where);
  return value;
};

/**
 * Reads users (`User`) and their roles (non-profile `PermissionSet`s through `PermissionSetAssignment`)
 * for a bridge fronting Salesforce. Signs in with the configured credentials, usually the connected
 * app's client-credentials integration user, which needs "View Setup and Configuration" to see every
 * user's assignments. Only `loginUrl`, `apiVersion`, `credentials` and `retry` of the config are used.
 */
export function createSalesforceDirectory(
  config: Pick<SalesforceConnectorConfig, 'loginUrl' | 'apiVersion' | 'credentials' | 'retry' | 'now'>,
): SalesforceDirectory {
  const client = salesforceClientFor(config);
  const query = async (soql: string): Promise<Record<string, unknown>[]> => {
    const records: Record<string, unknown>[] = [];
    let url = `/query?q=${encodeURIComponent(soql)}`;
    for (;;) {
      const { body } = await client.send<Answer>({ method: 'GET', url }, { operation: 'directory' });
      if (!Array.isArray(body.records)) throw new ContractViolationError('the query answer has no records', 'directory');
      records.push(...body.records);
      if (body.done !== false || typeof body.nextRecordsUrl !== 'string') return records;
      url = `/query/${body.nextRecordsUrl.slice(body.nextRecordsUrl.lastIndexOf('/') + 1)}`;
    }
  };
  const rolesOf = async (userIds: readonly string[] | undefined): Promise<Map<string, string[]>> => {
    const where = userIds ? ` WHERE AssigneeId IN (${userIds.map(soqlId).join(', ')})` : '';
    const assignments = await query(`SELECT AssigneeId, PermissionSetId FROM PermissionSetAssignment${where}`);
    const setIds = [...new Set(assignments.map((row) => text(row.PermissionSetId, 'PermissionSetId', 'PermissionSetAssignment')))];
    const labels = new Map<string, string>();
    if (setIds.length > 0) {
      for (const row of await query(`SELECT Id, Label, IsOwnedByProfile FROM PermissionSet WHERE Id IN (${setIds.map(soqlId).join(', ')})`)) {
        if (row.IsOwnedByProfile !== true) labels.set(text(row.Id, 'Id', 'PermissionSet'), text(row.Label, 'Label', 'PermissionSet'));
      }
    }
    const roles = new Map<string, string[]>();
    for (const row of assignments) {
      const label = labels.get(text(row.PermissionSetId, 'PermissionSetId', 'PermissionSetAssignment'));
      if (label === undefined) continue;
      const assignee = text(row.AssigneeId, 'AssigneeId', 'PermissionSetAssignment');
      roles.set(assignee, [...(roles.get(assignee) ?? []), label].sort());
    }
    return roles;
  };
  const usersWhere = async (where: string): Promise<SalesforceUser[]> => {
    const rows = await query(`SELECT Id, Username, Name, IsActive FROM User${where}`);
    if (rows.length === 0) return [];
    const ids = rows.map((row) => text(row.Id, 'Id', 'User'));
    const roles = await rolesOf(where === '' ? undefined : ids);
    return rows.map((row, index) => ({
      id: ids[index],
      userName: text(row.Username, 'Username', 'User'),
      fullName: typeof row.Name === 'string' ? row.Name : '',
      active: row.IsActive !== false,
      roles: roles.get(ids[index]) ?? [],
    }));
  };
  return {
    users: () => usersWhere(''),
    user: async (id) => (await usersWhere(` WHERE Id = ${soqlId(id)}`))[0],
    userByName: async (userName) => (await usersWhere(` WHERE Username = ${soqlString(userName)}`))[0],
    usersPage: async (page) => {
      if (!Number.isInteger(page.first) || page.first < 1) throw new RangeError(`usersPage: first must be an integer >= 1, got ${page.first}`);
      const conditions: string[] = [];
      if (page.afterUserName !== undefined) conditions.push(`Username > ${soqlString(page.afterUserName)}`);
      if (page.search) {
        // Inside LIKE, % and _ are wildcards: escape them to match the text as typed.
        const like = `'%${soqlString(page.search)
          .slice(1, -1)
          .replace(/[%_]/g, (ch) => `\\${ch}`)}%'`;
        conditions.push(`(Username LIKE ${like} OR Name LIKE ${like})`);
      }
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      const found = await usersWhere(`${where} ORDER BY Username LIMIT ${page.first + 1}`);
      return { users: found.slice(0, page.first), hasNextPage: found.length > page.first };
    },
  };
}
