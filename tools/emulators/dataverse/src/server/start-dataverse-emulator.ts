import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { StoreUser } from '@fieldsync/crm-store';
import { waitOnClock } from '@fieldsync/model';
import {
  AccessTokenRejected,
  AccessTokenRegistry,
  aadError,
  cloudDiscoveryMetadata,
  handleTokenRequest,
  openIdConfiguration,
} from '@fieldsync/emulator-azure-ad';
import { routeApiRequest } from './api-router';
import { handleBatch } from './batch-handler';
import { ChangeTokens, versionStampExpired } from './change-tokens';
import { DATAVERSE_ERROR_CODES, DataverseApiError } from './dataverse-api-error';
import { resolveSettings, type DataverseEmulatorOptions } from './dataverse-emulator-options';
import { EmulatorContext, type ApiRequest, type RequestUser } from './emulator-context';
import { FaultPlan, type DataverseEmulatorFaults } from './faults';
import { readBody, send } from './http-io';
import { selfSignedCertificate } from '@fieldsync/loopback-tls';
import { ServiceProtection } from './service-protection';

/** A running Dataverse emulator. */
export interface DataverseEmulator {
  /** The environment URL, `https://127.0.0.1:PORT` (the resource of the token scope). */
  readonly url: string;
  /** The Web API root, `${url}/api/data/v9.2/`. */
  readonly apiUrl: string;
  /** The PEM certificate clients must trust. */
  readonly ca: string;
  readonly tenantId: string;
  /** msal's `authority`: `${url}/${tenantId}`. */
  readonly authority: string;
  /** msal's `knownAuthorities` entry: `127.0.0.1:PORT`. */
  readonly knownAuthority: string;
  /** JSON of the OpenID configuration, for msal's `authorityMetadata` (token endpoint on this server). */
  readonly authorityMetadata: string;
  /** JSON for msal's `cloudDiscoveryMetadata`, so msal makes no network discovery. */
  readonly cloudDiscoveryMetadata: string;
  /** The token scope: `${url}/.default`. */
  readonly scope: string;
  /** Faults injected into the next requests. */
  readonly faults: DataverseEmulatorFaults;
  /** Makes every access token issued so far answer 401 on its next use. */
  expireAccessTokens(): void;
  /** Makes every delta token issued so far answer `0x80044352`. */
  expireChangeTokens(): void;
  /** API requests served so far (token requests not counted; a `$batch` counts once). */
  requestCount(): number;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const API_PREFIX = '/api/data/v9.2/';

/** The API error a thrown error answers: ours as is, crm-store's by code, anything else 500. */
function toApiError(error: unknown): DataverseApiError {
  if (DataverseApiError.is(error)) return error;
  if (AccessTokenRejected.is(error)) return new DataverseApiError(401, DATAVERSE_ERROR_CODES.unauthorized, error.message, error.headers);
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'PERMISSION_DENIED')
    return new DataverseApiError(403, DATAVERSE_ERROR_CODES.privilegeDenied, `Principal user is missing the privilege for this operation: ${message}`);
  if (code === 'STORE_NOT_FOUND') return new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, message);
  if (code === 'STORE_HISTORY_EXPIRED') return versionStampExpired();
  if (code === 'STORE_QUOTA_EXCEEDED') return new DataverseApiError(429, DATAVERSE_ERROR_CODES.serviceProtection, message, { 'Retry-After': '60' });
  if (code === 'INVALID_FILTER') return new DataverseApiError(400, DATAVERSE_ERROR_CODES.queryParse, message);
  return new DataverseApiError(500, DATAVERSE_ERROR_CODES.generic, `An unexpected error occurred: ${message}`);
}

/**
 * Starts a Dataverse Web API emulator over a crm-store, on HTTPS on loopback: an Azure AD token
 * endpoint (client credentials and ROPC) for msal-node, WhoAmI, EntityDefinitions, entity sets with
 * OData queries, paging and change tracking, writes with ETags, `$batch` with change sets, notes with
 * attachments, privileges and sharing, and service protection, in Dataverse's wire format. Every API
 * call acts as the token's crm-store user, so the store enforces privileges, sharing and field security.
 * @example
 * const dv = await startDataverseEmulator({ store });
 * const msal = new ConfidentialClientApplication({ auth: { clientId: 'fieldsync', clientSecret: 'fieldsync-secret', authority: dv.authority,
 *   knownAuthorities: [dv.knownAuthority], authorityMetadata: dv.authorityMetadata, cloudDiscoveryMetadata: dv.cloudDiscoveryMetadata } });
 */
export async function startDataverseEmulator(options: DataverseEmulatorOptions): Promise<DataverseEmulator> {
  const settings = resolveSettings(options);
  const clock = options.clock ?? options.store.clock;
  const tls = options.tls ?? selfSignedCertificate();
  const context = new EmulatorContext(
    options.store,
    clock,
    settings,
    new AccessTokenRegistry(clock, settings.accessTokenTtlMs),
    new ChangeTokens(clock, settings.changeTokenTtlMs),
  );
  context.organizationId = await options.store.organizationId();
  const protection = new ServiceProtection(clock, settings.requestsPerWindow, settings.windowMs);
  const faults = new FaultPlan();
  const sockets = new Set<Socket>();
  let served = 0;

  async function signedInUser(request: IncomingMessage): Promise<RequestUser> {
    const issued = context.tokens.verify(request.headers.authorization, `${context.url}/${settings.tenantId}/oauth2/authorize`, `${context.url}/`);
    const caller = await options.store.getUser(issued.userId);
    if (!caller || caller.disabled) throw new DataverseApiError(401, DATAVERSE_ERROR_CODES.unauthorized, 'The user is disabled.');
    const user = await impersonated(caller, request.headers['mscrmcallerid']);
    const principal = await options.store.principalOf(user.id);
    return { user, principal, permissions: await options.store.permissions(principal) };
  }

  /**
   * The user a call acts as: the token's, or with `MSCRMCallerID: <systemuserid>` the user named, when
   * the token's user is an application user (they hold prvActOnBehalfOfAnotherUser in the emulator).
   */
  async function impersonated(caller: StoreUser, header: string | string[] | undefined): Promise<StoreUser> {
    if (header === undefined) return caller;
    const id = (Array.isArray(header) ? header[0] : header).trim().toLowerCase();
    if (!settings.apps.some((app) => app.applicationUserName === caller.userName)) {
      throw new DataverseApiError(
        403,
        DATAVERSE_ERROR_CODES.privilegeDenied,
        `Principal user (Id=${caller.id}, type=8) is missing prvActOnBehalfOfAnotherUser privilege.`,
      );
    }
    const target = /^[0-9a-f-]{36}$/.test(id) ? await options.store.getUser(id) : undefined;
    if (!target) throw new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, `systemuser With Id = ${id} Does Not Exist`);
    if (target.disabled) throw new DataverseApiError(403, DATAVERSE_ERROR_CODES.privilegeDenied, `The user with SystemUserId=${target.id} is disabled.`);
    return target;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const delay = faults.takeDelay();
    // Spent on the emulator's clock: real time by default, a test's ManualClock with spendDelaysAtOnce moves at once.
    if (delay > 0) await waitOnClock(clock, delay);
    if (faults.takeDrop()) {
      request.socket.destroy();
      return;
    }
    const url = new URL(request.url ?? '/', context.url);
    const method = request.method ?? 'GET';
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && method === 'POST') {
      const form = new URLSearchParams((await readBody(request)).toString('utf8'));
      const failure = faults.takeTokenFailure();
      const answer =
        failure !== undefined
          ? aadError(failure, clock)
          : await handleTokenRequest(
              {
                directory: options.store,
                clock,
                tokens: context.tokens,
                apps: settings.apps,
                tenantId: settings.tenantId,
                resourceUrl: context.url,
                accessTokenTtlMs: settings.accessTokenTtlMs,
              },
              token[1],
              form,
            );
      send(response, answer.status, answer.body, { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' });
      return;
    }
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (openId && method === 'GET') {
      send(response, 200, openIdConfiguration(context.url, openId[1]));
      return;
    }
    if (url.pathname === '/common/discovery/instance' && method === 'GET') {
      send(response, 200, cloudDiscoveryMetadata(context.url, settings.tenantId));
      return;
    }
    if (!url.pathname.startsWith(API_PREFIX) && url.pathname !== API_PREFIX.slice(0, -1)) {
      throw new DataverseApiError(404, DATAVERSE_ERROR_CODES.queryParse, `Resource not found for the segment '${url.pathname}'.`);
    }
    served++;
    const user = await signedInUser(request);
    protection.admit(user.user.id);
    const failure = faults.takeFailure();
    if (failure) {
      const status = failure.status ?? 500;
      throw new DataverseApiError(
        status,
        failure.code ?? DATAVERSE_ERROR_CODES.generic,
        failure.message ?? `An unexpected error occurred (injected fault ${status}).`,
        failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {},
      );
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
    const apiRequest: ApiRequest = { method, path: url.pathname.slice(API_PREFIX.length), query: url.searchParams, headers, body: await readBody(request) };
    if (apiRequest.path === '$batch' || apiRequest.path === '%24batch') {
      if (method !== 'POST') throw new DataverseApiError(405, DATAVERSE_ERROR_CODES.queryParse, "The HTTP method must be POST for '$batch'.");
      const batch = await handleBatch(context, user, apiRequest, settings.maxBatchRequests, toApiError);
      send(response, batch.status, batch.body, batch.headers);
      return;
    }
    const answer = await routeApiRequest(context, user, apiRequest);
    send(response, answer.status, answer.body, { ...answer.headers });
  }

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const apiError = toApiError(error);
      send(response, apiError.status, apiError.body(), { 'OData-Version': '4.0', ...apiError.headers });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  context.url = `https://${host}:${address.port}`;
  const authority = `${context.url}/${settings.tenantId}`;

  return {
    url: context.url,
    apiUrl: context.apiUrl,
    ca: typeof tls.cert === 'string' ? tls.cert : tls.cert.toString('utf8'),
    tenantId: settings.tenantId,
    authority,
    knownAuthority: `${host}:${address.port}`,
    authorityMetadata: JSON.stringify(openIdConfiguration(context.url, settings.tenantId)),
    cloudDiscoveryMetadata: JSON.stringify(cloudDiscoveryMetadata(context.url, settings.tenantId)),
    scope: `${context.url}/.default`,
    faults,
    expireAccessTokens: () => context.tokens.expireAll(),
    expireChangeTokens: () => context.changeTokens.expireAll(),
    requestCount: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
