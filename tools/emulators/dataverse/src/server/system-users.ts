import type { StoreUser } from '@fieldsync/crm-store';
import { evaluateRowFilter } from '../odata/evaluate-row-filter';
import { parseODataFilter } from '../odata/parse-odata-filter';
import { DATAVERSE_ERROR_CODES, DataverseApiError, queryError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, EmulatorContext } from './emulator-context';
import { topOf } from './query-options';
import { stableGuid } from './entity-definitions';

/** The `systemuser` type name in errors and contexts. */
const TYPE_NAME = 'Microsoft.Dynamics.CRM.systemuser';

/** The columns of a `systemusers` row. */
const SYSTEM_USER_COLUMNS = ['systemuserid', 'fullname', 'domainname', 'isdisabled', '_businessunitid_value'];

/** A crm-store user as a `systemusers` row. */
export function systemUserRow(user: StoreUser): Record<string, unknown> {
  return {
    '@odata.etag': 'W/"1"',
    systemuserid: user.id,
    fullname: user.fullName,
    domainname: user.userName,
    isdisabled: user.disabled,
    _businessunitid_value: user.businessUnitId,
  };
}

function project(row: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (select === null) return row;
  const projected: Record<string, unknown> = { '@odata.etag': row['@odata.etag'] };
  for (const name of select
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    if (!(name in row)) throw queryError(`Could not find a property named '${name}' on type '${TYPE_NAME}'.`);
    projected[name] = row[name];
  }
  projected['systemuserid'] = row['systemuserid'];
  return projected;
}

/** The rows in `$orderby` order (`column [asc|desc]`, comma-separated); 400 for an unknown column. */
function orderUsers(rows: Record<string, unknown>[], orderText: string | null): Record<string, unknown>[] {
  if (orderText === null) return rows;
  const keys = orderText.split(',').map((part) => {
    const [column, direction = 'asc', ...rest] = part.trim().split(/\s+/);
    if (rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) throw queryError(`Syntax error in $orderby '${orderText}'.`);
    if (!SYSTEM_USER_COLUMNS.includes(column)) throw queryError(`Could not find a property named '${column}' on type '${TYPE_NAME}'.`);
    return { column, sign: direction === 'desc' ? -1 : 1 };
  });
  const compare = (a: unknown, b: unknown) =>
    a === b ? 0 : a === null || a === undefined ? -1 : b === null || b === undefined ? 1 : String(a) < String(b) ? -1 : 1;
  return [...rows].sort((a, b) => {
    for (const { column, sign } of keys) {
      const order = compare(a[column], b[column]) * sign;
      if (order !== 0) return order;
    }
    return 0;
  });
}

/**
 * `GET /systemusers` (with `$select`, a simple `$filter` over `systemuserid, fullname, domainname,
 * isdisabled, _businessunitid_value`, `$orderby` and `$top`) and `GET /systemusers(id)`: the crm-store
 * users, readable by any signed-in user (enough for a connector to find and page users; decision 093).
 */
export async function readSystemUsers(context: EmulatorContext, id: string | undefined, request: ApiRequest): Promise<ApiResponse> {
  const users = await context.store.listUsers();
  const select = request.query.get('$select');
  const headers = { 'OData-Version': '4.0' };
  if (id !== undefined) {
    const user = users.find((u) => u.id === id);
    if (!user) throw new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, `systemuser With Id = ${id} Does Not Exist`);
    return { status: 200, headers, body: { '@odata.context': context.metadataUrl('systemusers/$entity'), ...project(systemUserRow(user), select) } };
  }
  const filterText = request.query.get('$filter');
  const filter = filterText !== null ? parseODataFilter(filterText) : undefined;
  const rows = orderUsers(
    users.map(systemUserRow).filter((row) => !filter || evaluateRowFilter(filter, row, TYPE_NAME)),
    request.query.get('$orderby'),
  ).slice(0, topOf(request));
  return { status: 200, headers, body: { '@odata.context': context.metadataUrl('systemusers'), value: rows.map((row) => project(row, select)) } };
}

/**
 * `GET /systemusers(id)/systemuserroles_association`: the security roles a user holds (directly; team
 * roles are not listed, as in Dataverse), as `{ roleid, name }` rows. Readable by any signed-in user.
 */
export async function readUserRoles(context: EmulatorContext, id: string): Promise<ApiResponse> {
  const user = await context.store.getUser(id);
  if (!user) throw new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, `systemuser With Id = ${id} Does Not Exist`);
  const names = await context.store.roleNamesOf(id);
  return {
    status: 200,
    headers: { 'OData-Version': '4.0' },
    body: { '@odata.context': context.metadataUrl('roles'), value: names.map((name) => ({ roleid: stableGuid(`role:${name}`), name })) },
  };
}
