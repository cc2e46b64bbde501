import { ContractViolationError } from '@fieldsync/connector-api';
import type { DynamicsConnectorConfig } from '../config/dynamics-connector-config';
import { validateDynamicsConfig } from '../connector/validate-dynamics-config';
import { openDynamicsTransport } from '../http/dynamics-transport';

/** A Dataverse user as a directory lists them. */
export interface DynamicsUser {
  readonly id: string;
  /** `domainname`: the sign-in name. */
  readonly userName: string;
  readonly fullName: string;
  readonly disabled: boolean;
  /** Names of the security roles assigned to the user. */
  readonly roles: readonly string[];
}

/** The environment's users and their security roles, as the application user reads them. */
export interface DynamicsDirectory {
  users(): Promise<DynamicsUser[]>;
  user(id: string): Promise<DynamicsUser | undefined>;
  userByName(userName: string): Promise<DynamicsUser | undefined>;
  /**
   * One page of users by `domainname` (`$orderby=domainname&$top=first + 1`, keyset on
   * `domainname gt`), only those whose domain name or full name contains `search`; roles are read for
   * that page only.
   */
  usersPage(query: DynamicsUserQuery): Promise<{ users: DynamicsUser[]; hasNextPage: boolean }>;
  close(): Promise<void>;
}

/** What {@link DynamicsDirectory.usersPage} asks for. */
export interface DynamicsUserQuery {
  /** At most this many users. */
  readonly first: number;
  /** Only users whose `domainname` sorts after this one. */
  readonly afterUserName?: string;
  /** Only users whose `domainname` or `fullname` contains this text (`contains`, case-insensitive in Dataverse). */
  readonly search?: string;
}

const USER_COLUMNS = 'systemuserid,fullname,domainname,isdisabled';

/**
 * Reads `systemusers` and each user's `systemuserroles_association` for a bridge fronting Dataverse,
 * signed in with the configured credentials (the bridge's application user). Uses the connection
 * options of {@link DynamicsConnectorConfig} (environment, credentials, authority, CA, retry).
 */
export function createDynamicsDirectory(config: DynamicsConnectorConfig): DynamicsDirectory {
  const { agent, client } = openDynamicsTransport(config, validateDynamicsConfig(config));
  const rows = async (url: string): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = [];
    for (let next: string | undefined = url; next !== undefined;) {
      const answer = await client.send({ method: 'GET', url: next }, { operation: 'directory' });
      let page: { value?: unknown; '@odata.nextLink'?: unknown };
      try {
        page = JSON.parse(answer.text) as typeof page;
      } catch {
        throw new ContractViolationError('the answer is not JSON', `directory ${url}`);
      }
      if (!Array.isArray(page.value)) throw new ContractViolationError('the answer has no value array', `directory ${url}`);
      out.push(...(page.value as Record<string, unknown>[]));
      next = typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : undefined;
    }
    return out;
  };
  const toUser = async (row: Record<string, unknown>): Promise<DynamicsUser> => {
    const id = row.systemuserid;
    if (typeof id !== 'string') throw new ContractViolationError('systemuserid is missing', 'directory systemusers');
    const roles = await rows(`systemusers(${id})/systemuserroles_association?$select=name`);
    return {
      id: id.toLowerCase(),
      userName: typeof row.domainname === 'string' ? row.domainname : '',
      fullName: typeof row.fullname === 'string' ? row.fullname : '',
      disabled: row.isdisabled === true,
      roles: roles
        .map((role) => role.name)
        .filter((name): name is string => typeof name === 'string')
        .sort(),
    };
  };
  const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return {
    users: async () => Promise.all((await rows(`systemusers?$select=${USER_COLUMNS}`)).map(toUser)),
    user: async (id) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const [row] = await rows(`systemusers?$select=${USER_COLUMNS}&$filter=${encodeURIComponent(`systemuserid eq ${id}`)}`);
      return row ? toUser(row) : undefined;
    },
    userByName: async (userName) => {
      const [row] = await rows(`systemusers?$select=${USER_COLUMNS}&$filter=${encodeURIComponent(`domainname eq ${quoted(userName)}`)}`);
      return row ? toUser(row) : undefined;
    },
    usersPage: async (page) => {
      if (!Number.isInteger(page.first) || page.first < 1) throw new RangeError(`usersPage: first must be an integer >= 1, got ${page.first}`);
      const filters: string[] = [];
      if (page.afterUserName !== undefined) filters.push(`domainname gt ${quoted(page.afterUserName)}`);
      if (page.search) filters.push(`(contains(domainname,${quoted(page.search)}) or contains(fullname,${quoted(page.search)}))`);
      const filter = filters.length > 0 ? `&$filter=${encodeURIComponent(filters.join(' and '))}` : '';
      const found = await rows(`systemusers?$select=${USER_COLUMNS}&$orderby=domainname&$top=${page.first + 1}${filter}`);
      // $top bounds the answer; the cut here only keeps the page to `first` and learns whether more follow.
      const kept = found.slice(0, page.first + 1);
      return { users: await Promise.all(kept.slice(0, page.first).map(toUser)), hasNextPage: kept.length > page.first };
    },
    close: () => agent.close(),
  };
}
