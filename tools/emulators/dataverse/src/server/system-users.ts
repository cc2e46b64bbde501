import type { StoreUser } from '@fieldsync/crm-store';
import { evaluateRowFilter } from '../odata/evaluate-row-filter';
import { parseODataFilter } from '../odata/parse-odata-filter';
import { DATAVERSE_ERROR_CODES, DataverseApiError, queryError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, EmulatorContext } from './emulator-context';
import { stableGuid } from './entity-definitions';

/** The `systemuser` type name in errors and contexts. */
const TYPE_NAME = 'Microsoft.Dynamics.CRM.systemuser';

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
  for (const name of select.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!(name in row)) throw queryError(`Could not find a property named '${name}' on type '${TYPE_NAME}'.`);
    projected[name] = row[name];
  }
  projected['systemuserid'] = row['systemuserid'];
  return projected;
}

/**
 * `GET /systemusers` (with `$select` and a simple `$filter` over `systemuserid, fullname, domainname,
 * isdisabled, _businessunitid_value`) and `GET /systemusers(id)`: the crm-store users, readable by any
 * signed-in user (enough for a connector to find users; decision 093).
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
  const rows = users.map(systemUserRow).filter((row) => !filter || evaluateRowFilter(filter, row, TYPE_NAME));
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
