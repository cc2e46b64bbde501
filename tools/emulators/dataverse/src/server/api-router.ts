import { DATAVERSE_ERROR_CODES, DataverseApiError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, EmulatorContext, RequestUser } from './emulator-context';
import { readEntityDefinitions } from './entity-definitions';
import { countEntitySet } from './entity-set-count';
import { readEntitySet } from './entity-set-reads';
import { QUERY_OPTIONS, validateOptions } from './query-options';
import { readRecord } from './record-reads';
import { grantAccess, retrievePrincipalAccess, retrievePrincipalAttributePrivileges, retrieveUserPrivileges, revokeAccess } from './privileges-and-sharing';
import { applyWrites, planCreate, planDelete, planPatch, type PlannedWrite } from './record-writes';
import { readSystemUsers, readUserRoles } from './system-users';
import type { CatalogEntity } from '../naming/entity-catalog';

const RECORD_SEGMENT = /^([A-Za-z_]\w*)\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)$/;

/** A path split into decoded segments (a `/` inside quotes or parentheses stays in its segment). */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const ch of decodeURIComponent(path)) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (ch === '/' && depth === 0 && !quoted) {
      if (current !== '') segments.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') segments.push(current);
  return segments;
}

function resourceNotFound(segment: string): DataverseApiError {
  return new DataverseApiError(404, DATAVERSE_ERROR_CODES.queryParse, `Resource not found for the segment '${segment}'.`);
}

function methodNotAllowed(method: string, path: string): DataverseApiError {
  return new DataverseApiError(405, DATAVERSE_ERROR_CODES.queryParse, `The HTTP method '${method}' is not allowed on '${path}'.`);
}

/** The entity set of a segment (`accounts` or `accounts(guid)`), or 404 naming the segment. */
export function entitySetOf(context: EmulatorContext, segment: string): { set: CatalogEntity; id?: string } {
  const record = RECORD_SEGMENT.exec(segment);
  const name = record ? record[1] : segment;
  const set = context.catalog().bySet(name);
  if (!set) throw resourceNotFound(name);
  return { set, ...(record ? { id: record[2].toLowerCase() } : {}) };
}

/** A write request (`POST /set`, `PATCH /set(id)`, `DELETE /set(id)`) as a planned store operation, or undefined for other requests. */
export async function planWrite(context: EmulatorContext, user: RequestUser, request: ApiRequest): Promise<PlannedWrite | undefined> {
  const segments = pathSegments(request.path);
  if (segments.length !== 1 || !['POST', 'PATCH', 'DELETE'].includes(request.method)) return undefined;
  const [segment] = segments;
  if (['GrantAccess', 'RevokeAccess', '$batch'].includes(segment)) return undefined;
  const { set, id } = entitySetOf(context, segment);
  if (request.method === 'POST' && id === undefined) return planCreate(context, user, set, request);
  if (request.method === 'PATCH' && id !== undefined) return planPatch(context, user, set, id, request);
  if (request.method === 'DELETE' && id !== undefined) return planDelete(context, set, id, request);
  throw methodNotAllowed(request.method, segment);
}

/**
 * Answers one Web API request (not `$batch`) as the user: WhoAmI, metadata, entity sets and records,
 * writes, systemusers, privileges and sharing. Throws `DataverseApiError` for the error answers.
 */
export async function routeApiRequest(context: EmulatorContext, user: RequestUser, request: ApiRequest): Promise<ApiResponse> {
  const write = await planWrite(context, user, request);
  if (write) return (await applyWrites(context, user, [write], false))[0];
  const segments = pathSegments(request.path);
  const [head, second] = segments;
  if (head === undefined) {
    const sets = context.catalog().entities.map((e) => ({ name: e.entitySetName, kind: 'EntitySet', url: e.entitySetName }));
    return { status: 200, headers: { 'OData-Version': '4.0' }, body: { '@odata.context': context.metadataUrl(''), value: sets } };
  }
  const isGet = request.method === 'GET';
  if (head === 'WhoAmI' || head === 'WhoAmI()') {
    if (!isGet) throw methodNotAllowed(request.method, head);
    return {
      status: 200,
      headers: { 'OData-Version': '4.0' },
      body: {
        '@odata.context': context.metadataUrl('Microsoft.Dynamics.CRM.WhoAmIResponse'),
        BusinessUnitId: user.user.businessUnitId,
        UserId: user.user.id,
        OrganizationId: context.organizationId,
      },
    };
  }
  if (head.startsWith('EntityDefinitions')) {
    if (!isGet) throw methodNotAllowed(request.method, head);
    const collection = segments.length === 1 ? head === 'EntityDefinitions' : segments.length === 2 && second === 'Attributes';
    validateOptions(request, collection ? QUERY_OPTIONS.collection : QUERY_OPTIONS.record);
    return readEntityDefinitions(context, user, segments, request);
  }
  if (head === 'GrantAccess' && request.method === 'POST') return grantAccess(context, user, request);
  if (head === 'RevokeAccess' && request.method === 'POST') return revokeAccess(context, user, request);
  const principalAccess = /^(?:Microsoft\.Dynamics\.CRM\.)?RetrievePrincipalAccess\((.*)\)$/;
  const unbound = principalAccess.exec(head);
  if (unbound && isGet) return retrievePrincipalAccess(context, request, unbound[1]);
  const users = /^systemusers(?:\(([0-9a-fA-F-]{36})\))?$/.exec(head);
  if (users) {
    const userId = users[1]?.toLowerCase();
    if (!isGet) throw methodNotAllowed(request.method, head);
    validateOptions(request, second === undefined && userId === undefined ? QUERY_OPTIONS.users : QUERY_OPTIONS.record);
    if (second === undefined) return readSystemUsers(context, userId, request);
    if (userId !== undefined && /^Microsoft\.Dynamics\.CRM\.RetrieveUserPrivileges(\(\))?$/.test(second) && segments.length === 2)
      return retrieveUserPrivileges(context, userId);
    if (userId !== undefined && /^Microsoft\.Dynamics\.CRM\.RetrievePrincipalAttributePrivileges(\(\))?$/.test(second) && segments.length === 2)
      return retrievePrincipalAttributePrivileges(context, userId);
    const bound = principalAccess.exec(second);
    if (userId !== undefined && bound && segments.length === 2) return retrievePrincipalAccess(context, request, bound[1], userId);
    if (userId !== undefined && second === 'systemuserroles_association' && segments.length === 2) return readUserRoles(context, userId);
    throw resourceNotFound(second);
  }
  const { set, id } = entitySetOf(context, head);
  if (id === undefined && second === '$count' && segments.length === 2) {
    if (!isGet) throw methodNotAllowed(request.method, `${head}/${second}`);
    return countEntitySet(context, user, set, request);
  }
  if (segments.length > 1) throw resourceNotFound(segments[1]);
  if (!isGet) throw methodNotAllowed(request.method, head);
  return id === undefined ? readEntitySet(context, user, set, request) : readRecord(context, user, set, id, request);
}
