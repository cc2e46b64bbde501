import type { Principal, StorePrivilegeDepth } from '@fieldsync/crm-store';
import type { CrmRecord, EntitySchema } from '@fieldsync/model';
import type { CatalogEntity } from '../naming/entity-catalog';
import { DATAVERSE_ERROR_CODES, DataverseApiError, queryError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, EmulatorContext, RequestUser } from './emulator-context';
import { attributeMetadataId, stableGuid } from './entity-definitions';
import { recordNotFound } from './row-reads';
import { parseRecordReference } from './record-json';

/** Dataverse's privilege depth of a crm-store depth (the store has no parent-child depth, Dataverse's `Deep`). */
export const DEPTH_NAMES: Record<Exclude<StorePrivilegeDepth, 'none'>, 'Basic' | 'Local' | 'Global'> = {
  user: 'Basic',
  businessUnit: 'Local',
  organization: 'Global',
};

const PRIVILEGE_PREFIXES = {
  create: 'prvCreate',
  read: 'prvRead',
  write: 'prvWrite',
  delete: 'prvDelete',
  append: 'prvAppend',
  appendTo: 'prvAppendTo',
} as const;

/**
 * `GET /systemusers(id)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`: the user's effective
 * privileges from crm-store's roles (their own and their teams'), one entry per entity and privilege
 * with the depth mapped user → Basic, businessUnit → Local, organization → Global.
 */
export async function retrieveUserPrivileges(context: EmulatorContext, userId: string): Promise<ApiResponse> {
  const user = await context.store.getUser(userId);
  if (!user) throw new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, `systemuser With Id = ${userId} Does Not Exist`);
  const permissions = await context.store.permissions(await context.store.principalOf(userId));
  const privileges: Record<string, unknown>[] = [];
  for (const [entity, entityPrivileges] of Object.entries(permissions.entities)) {
    for (const [privilege, prefix] of Object.entries(PRIVILEGE_PREFIXES)) {
      const depth = entityPrivileges[privilege as keyof typeof PRIVILEGE_PREFIXES];
      if (depth === 'none') continue;
      const name = `${prefix}${entity}`;
      privileges.push({ Depth: DEPTH_NAMES[depth], PrivilegeId: stableGuid(`privilege:${name}`), BusinessUnitId: user.businessUnitId, PrivilegeName: name });
    }
  }
  return {
    status: 200,
    headers: { 'OData-Version': '4.0' },
    body: { '@odata.context': context.metadataUrl('Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse'), RolePrivileges: privileges },
  };
}

/** Dataverse's `FieldPermissionType`: 4 allowed, 0 not allowed. */
const allowed = (yes: boolean): number => (yes ? 4 : 0);

/**
 * `GET /systemusers(id)/Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivileges()`: the user's
 * rights on every secured field (crm-store's field security profiles, own and teams'), as
 * `{"AttributePrivileges":[{"AttributeId","CanRead","CanCreate","CanUpdate"}]}` with 4 = allowed,
 * 0 = not; `AttributeId` is the attribute's `MetadataId` in `EntityDefinitions`.
 */
export async function retrievePrincipalAttributePrivileges(context: EmulatorContext, userId: string): Promise<ApiResponse> {
  const user = await context.store.getUser(userId);
  if (!user) throw new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, `systemuser With Id = ${userId} Does Not Exist`);
  const permissions = await context.store.permissions(await context.store.principalOf(userId));
  const privileges = Object.entries(permissions.fields).flatMap(([entity, fields]) =>
    Object.entries(fields).map(([field, permission]) => ({
      AttributeId: attributeMetadataId(entity, field),
      CanCreate: allowed(permission.create),
      CanRead: allowed(permission.read),
      CanUpdate: allowed(permission.update),
    })),
  );
  return {
    status: 200,
    headers: { 'OData-Version': '4.0' },
    body: { '@odata.context': context.metadataUrl('Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivilegesResponse'), AttributePrivileges: privileges },
  };
}

/** A principal of a sharing request: `{"@odata.type":"Microsoft.Dynamics.CRM.systemuser","systemuserid":…}` or a team. */
function principalIdOf(value: unknown, what: string): string {
  const object = value as Record<string, unknown> | null;
  const id =
    object?.['systemuserid'] ?? object?.['teamid'] ?? (typeof object?.['@odata.id'] === 'string' ? parseRecordReference(object['@odata.id'])?.id : undefined);
  if (typeof id !== 'string') throw queryError(`${what} must be a systemuser or team with its systemuserid or teamid.`);
  return id.toLowerCase();
}

/** The entity and id of a `Target`: `{"@odata.type":"Microsoft.Dynamics.CRM.account","accountid":…}` or `{"@odata.id":"accounts(…)"}`. */
function targetOf(context: EmulatorContext, value: unknown): { set: CatalogEntity; id: string } {
  const object = value as Record<string, unknown> | null;
  const catalog = context.catalog();
  const reference = typeof object?.['@odata.id'] === 'string' ? parseRecordReference(object['@odata.id']) : undefined;
  if (reference) {
    const set = catalog.bySet(reference.entitySetName);
    if (set) return { set, id: reference.id };
  }
  const type = typeof object?.['@odata.type'] === 'string' ? object['@odata.type'].replace(/^#?Microsoft\.Dynamics\.CRM\./, '') : undefined;
  const set = type ? catalog.byName(type) : undefined;
  const id = set ? object?.[set.entity.primaryKey] : undefined;
  if (!set || typeof id !== 'string')
    throw queryError('Target must name a record: {"@odata.type":"Microsoft.Dynamics.CRM.<entity>","<primary key>":"<guid>"}.');
  return { set, id: id.toLowerCase() };
}

/**
 * The access rights a principal has on a record, as crm-store's `recordAccess` judges it (role depth
 * against the owner, shares grant read only, a parental child such as a quotedetail through its parent).
 */
async function accessRights(context: EmulatorContext, principal: Principal, entity: EntitySchema, record: CrmRecord): Promise<string[]> {
  const permissions = await context.store.permissions(principal);
  const privileges = permissions.entities[entity.name];
  if (!privileges || privileges.read === 'none') return [];
  const [access] = await context.store.recordAccess(principal, entity.name, [record.id]);
  if (!access.read) return [];
  const rights = ['ReadAccess'];
  if (access.write) rights.push('WriteAccess');
  if (access.append) rights.push('AppendAccess');
  if (access.appendTo) rights.push('AppendToAccess');
  if (access.write && privileges.create !== 'none') rights.push('CreateAccess');
  if (access.delete) rights.push('DeleteAccess');
  // Sharing and assigning follow the write privilege in crm-store, which has no separate share/assign privileges.
  if (access.write) rights.push('ShareAccess', 'AssignAccess');
  return rights;
}

async function recordOf(context: EmulatorContext, set: CatalogEntity, id: string): Promise<CrmRecord> {
  const record = await context.store.getAsSystem(set.entity.name, id);
  if (!record) throw recordNotFound(set.entity, id);
  return record;
}

function jsonBody(request: ApiRequest): Record<string, unknown> {
  try {
    const body = JSON.parse(request.body.toString('utf8')) as unknown;
    if (typeof body === 'object' && body !== null) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw queryError('The request body must be a JSON object.');
}

/** The caller may share a record when they can read it and write it (crm-store has no separate share privilege). */
async function requireShareRight(context: EmulatorContext, user: RequestUser, set: CatalogEntity, record: CrmRecord): Promise<void> {
  const rights = await accessRights(context, user.principal, set.entity, record);
  if (rights.length === 0) throw recordNotFound(set.entity, record.id);
  if (!rights.includes('ShareAccess')) {
    throw new DataverseApiError(
      403,
      DATAVERSE_ERROR_CODES.privilegeDenied,
      `Principal user (Id=${user.user.id}, type=8) is missing prvShare${set.entity.name} privilege on ${set.entity.name} ${record.id}.`,
    );
  }
}

/**
 * `POST /GrantAccess`: shares the target with the principal. crm-store shares grant read access only,
 * whatever the `AccessMask` asks beyond `ReadAccess` (decision 093).
 */
export async function grantAccess(context: EmulatorContext, user: RequestUser, request: ApiRequest): Promise<ApiResponse> {
  const body = jsonBody(request);
  const { set, id } = targetOf(context, body['Target']);
  const access = body['PrincipalAccess'] as Record<string, unknown> | undefined;
  const principalId = principalIdOf(access?.['Principal'], 'PrincipalAccess.Principal');
  const mask = typeof access?.['AccessMask'] === 'string' ? access['AccessMask'] : '';
  if (!/ReadAccess/.test(mask)) throw queryError(`AccessMask '${mask}' must include ReadAccess (the emulator's shares are read shares).`);
  const record = await recordOf(context, set, id);
  await requireShareRight(context, user, set, record);
  await context.store.share(set.entity.name, id, principalId);
  return { status: 204, headers: { 'OData-Version': '4.0' } };
}

/** `POST /RevokeAccess`: takes a share back. */
export async function revokeAccess(context: EmulatorContext, user: RequestUser, request: ApiRequest): Promise<ApiResponse> {
  const body = jsonBody(request);
  const { set, id } = targetOf(context, body['Target']);
  const principalId = principalIdOf(body['Revokee'], 'Revokee');
  const record = await recordOf(context, set, id);
  await requireShareRight(context, user, set, record);
  await context.store.unshare(set.entity.name, id, principalId);
  return { status: 204, headers: { 'OData-Version': '4.0' } };
}

function parameterObject(request: ApiRequest, alias: string | undefined, name: string): unknown {
  const raw = alias?.startsWith('@') ? request.query.get(alias) : alias;
  if (raw === null || raw === undefined) throw queryError(`The parameter '${name}' of RetrievePrincipalAccess is missing.`);
  try {
    return JSON.parse(raw.replace(/'/g, '"')) as unknown;
  } catch {
    throw queryError(`The parameter '${name}' of RetrievePrincipalAccess is not a JSON object: ${raw}`);
  }
}

/**
 * `GET /RetrievePrincipalAccess(Target=@t,Principal=@p)?@t={…}&@p={…}` (and the bound
 * `systemusers(id)/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)`): the principal's
 * rights on the record as `{"AccessRights":"ReadAccess, WriteAccess, …"}` (`None` when it cannot read it).
 */
export async function retrievePrincipalAccess(context: EmulatorContext, request: ApiRequest, parameters: string, boundUserId?: string): Promise<ApiResponse> {
  const aliases = Object.fromEntries(parameters.split(',').map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
  const { set, id } = targetOf(context, parameterObject(request, aliases['Target'], 'Target'));
  const userId = boundUserId ?? principalIdOf(parameterObject(request, aliases['Principal'], 'Principal'), 'Principal');
  const stored = await context.store.getUser(userId);
  if (!stored) throw new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, `systemuser With Id = ${userId} Does Not Exist`);
  const record = await recordOf(context, set, id);
  const rights = await accessRights(context, await context.store.principalOf(userId), set.entity, record);
  return {
    status: 200,
    headers: { 'OData-Version': '4.0' },
    body: {
      '@odata.context': context.metadataUrl('Microsoft.Dynamics.CRM.RetrievePrincipalAccessResponse'),
      AccessRights: rights.length > 0 ? rights.join(', ') : 'None',
    },
  };
}
