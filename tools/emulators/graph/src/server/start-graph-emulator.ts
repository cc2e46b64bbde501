import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  AccessTokenRejected,
  AccessTokenRegistry,
  type AzureAdDirectory,
  type DirectoryUser,
  cloudDiscoveryMetadata,
  handleTokenRequest,
  openIdConfiguration,
} from '@fieldsync/emulator-azure-ad';
import { selfSignedCertificate } from '@fieldsync/loopback-tls';
import { systemClock } from '@fieldsync/model';
import { DeltaTokens } from './delta-tokens';
import { contentSize, DriveStore, type StoredDrive, type StoredItem } from './drive-store';
import { driveItemJson } from './drive-item-json';
import { GraphFaultPlan, type GraphEmulatorFaults } from './faults';
import { GraphApiError } from './graph-api-error';
import { DEFAULT_GRAPH_APPS, DEFAULT_GRAPH_USERS, type GraphEmulatorOptions } from './graph-emulator-options';
import { parseGraphPath, type DriveSelector, type ItemSelector } from './item-address';
import { UploadSessions } from './upload-sessions';

/** A running Graph emulator. */
export interface GraphEmulator {
  /** The origin, `https://127.0.0.1:PORT`; the Graph client's `baseUrl` is `${url}/` and its custom host `127.0.0.1`. */
  readonly url: string;
  /** The PEM certificate clients must trust. */
  readonly ca: string;
  readonly tenantId: string;
  /** msal's `authority`: `${url}/${tenantId}`. */
  readonly authority: string;
  /** msal's `knownAuthorities` entry. */
  readonly knownAuthority: string;
  /** JSON for msal's `authorityMetadata`. */
  readonly authorityMetadata: string;
  /** JSON for msal's `cloudDiscoveryMetadata`. */
  readonly cloudDiscoveryMetadata: string;
  /** The token scope: `${url}/.default` (stands for `https://graph.microsoft.com/.default`). */
  readonly scope: string;
  /** The sites, drives and items, for tests to seed and inspect. */
  readonly store: DriveStore;
  readonly faults: GraphEmulatorFaults;
  /** Makes every delta token issued so far answer 410 `resyncRequired`. */
  invalidateDeltaTokens(): void;
  /** Makes every access token issued so far answer 401. */
  expireAccessTokens(): void;
  /** Requests served so far (token requests not counted), by kind. */
  requestCount(kind?: 'api' | 'download' | 'upload'): number;
  close(): Promise<void>;
}

const VERSION_PREFIX = '/v1.0';
const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Largest request body the API reads (a simple upload is at most 4 MB; upload fragments at most 60 MiB). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Sends bytes `from`..`end` (inclusive) of a file item: from memory, or streamed from its file on disk. */
function sendBytes(response: ServerResponse, item: StoredItem, from: number, end: number): void {
  if (!item.diskBody) {
    response.end(item.content.subarray(from, end + 1));
    return;
  }
  if (end < from) {
    response.end();
    return;
  }
  const stream = createReadStream(item.diskBody.path, { start: from, end, highWaterMark: 256 * 1024 });
  stream.on('error', (error) => response.destroy(error));
  stream.pipe(response);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new GraphApiError(413, 'invalidRequest', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

function conflictBehavior(value: unknown): 'fail' | 'replace' | 'rename' {
  if (value === undefined || value === null) return 'fail';
  if (value === 'fail' || value === 'replace' || value === 'rename') return value;
  throw new GraphApiError(400, 'invalidRequest', `Invalid value '${String(value)}' for @microsoft.graph.conflictBehavior; use fail, replace or rename.`);
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new GraphApiError(400, 'invalidRequest', 'The request body is not a JSON object.');
}

/**
 * Starts a Microsoft Graph v1.0 emulator on HTTPS on loopback, with the shared Azure AD token endpoint
 * (client credentials, ROPC, refresh, on-behalf-of): sites by id and by `hostname:/path`, site drives,
 * `/me/drive` and `/users/{id}/drive`, drive items by id and by path, children with `@odata.nextLink`,
 * folder create with `@microsoft.graph.conflictBehavior`, delta with tokens (410 `resyncRequired` when
 * invalidated), `@microsoft.graph.downloadUrl` with Range, upload sessions in 320 KiB multiples,
 * simple upload, delete, and injected 429 / 503 faults. The real `@microsoft/microsoft-graph-client`
 * works against it with `baseUrl: ${url}/` and `customHosts: [host]`. See decision 172.
 */
export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const clock = options.clock ?? systemClock;
  const tls = options.tls ?? selfSignedCertificate();
  const tenantId = options.tenantId ?? '6d2c1c9e-1f0a-4d59-9a35-5b1d1e0f5c11';
  const apps = options.apps ?? DEFAULT_GRAPH_APPS;
  const users = options.users ?? DEFAULT_GRAPH_USERS;
  const accessTokenTtlMs = options.accessTokenTtlMs ?? 3_600_000;
  const downloadUrlTtlMs = options.downloadUrlTtlMs ?? 3_600_000;
  const pageSize = options.pageSize ?? 200;
  const store = new DriveStore(clock);
  const tokens = new AccessTokenRegistry(clock, accessTokenTtlMs);
  const deltaTokens = new DeltaTokens();
  const uploads = new UploadSessions(clock, options.uploadSessionTtlMs ?? 86_400_000);
  const faults = new GraphFaultPlan();
  const downloads = new Map<string, { readonly driveId: string; readonly itemId: string; readonly expiresAt: number }>();
  const counts = { api: 0, download: 0, upload: 0 };
  const sockets = new Set<Socket>();
  for (const user of users) if (user.oneDrive !== false) store.addOneDrive(user.id);

  const directoryUsers: DirectoryUser[] = [
    ...users.map((u) => ({ id: u.id, userName: u.userName, fullName: u.fullName })),
    ...apps.map((a) => ({ id: `app:${a.clientId}`, userName: a.applicationUserName })),
  ];
  const directory: AzureAdDirectory = {
    findUserByName: async (name) => directoryUsers.find((u) => u.userName === name),
    getUser: async (id) => directoryUsers.find((u) => u.id === id),
    signIn: async (name, password) => {
      const user = users.find((u) => u.userName === name);
      if (!user || user.password !== password) throw new Error('Invalid user name or password.');
      return user;
    },
  };
  let url = '';

  function downloadUrl(drive: StoredDrive, item: StoredItem): string {
    const token = randomBytes(24).toString('base64url');
    downloads.set(token, { driveId: drive.id, itemId: item.id, expiresAt: clock.now() + downloadUrlTtlMs });
    return `${url}/_layouts/15/download.aspx?UniqueId=${item.id}&tempauth=${token}`;
  }

  function json(drive: StoredDrive, item: StoredItem): Record<string, unknown> {
    return driveItemJson(store, drive, item, (file) => downloadUrl(drive, file));
  }

  function resolveDrive(selector: DriveSelector, userId: string): StoredDrive {
    switch (selector.kind) {
      case 'drive':
        return store.drive(selector.driveId);
      case 'me':
        if (userId.startsWith('app:')) throw new GraphApiError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
        return store.oneDriveOf(userId);
      case 'user':
        return store.oneDriveOf(directoryUsers.find((u) => u.userName === selector.userId)?.id ?? selector.userId);
      case 'site': {
        const site = store.site(selector.site);
        const driveId = selector.driveId ?? site.driveIds[0];
        if (!site.driveIds.includes(driveId)) throw new GraphApiError(404, 'itemNotFound', `The drive '${driveId}' is not a library of the site.`);
        return store.drive(driveId);
      }
    }
  }

  function resolveItem(drive: StoredDrive, selector: ItemSelector): StoredItem {
    if (selector.kind === 'root') return store.item(drive, drive.rootId);
    if (selector.kind === 'id') return store.item(drive, selector.id);
    if (selector.base === undefined) return store.itemAtPath(drive, selector.path);
    let current = store.item(drive, selector.base);
    for (const segment of selector.path.split('/').filter((s) => s !== '')) {
      const next = store.child(drive, current.id, segment);
      if (!next) throw new GraphApiError(404, 'itemNotFound', `The resource could not be found: '${selector.path}'.`);
      current = next;
    }
    return current;
  }

  /** The parent folder and file name a path selector names (for creating a file that does not exist yet). */
  function parentAndName(drive: StoredDrive, selector: ItemSelector): { readonly parent: StoredItem; readonly name: string } {
    if (selector.kind !== 'path') {
      const item = resolveItem(drive, selector);
      if (item.parentId === undefined) throw new GraphApiError(400, 'invalidRequest', 'The root cannot be replaced.');
      return { parent: store.item(drive, item.parentId), name: item.name };
    }
    const segments = selector.path.split('/').filter((s) => s !== '');
    const name = segments.pop() ?? '';
    const parent = resolveItem(drive, { kind: 'path', path: segments.join('/'), base: selector.base });
    return { parent, name };
  }

  function page<T>(all: readonly T[], query: URLSearchParams, pageUrl: URL): { readonly items: readonly T[]; readonly next?: string } {
    const top = Math.min(Number(query.get('$top') ?? pageSize) || pageSize, 999);
    const offset = Number(query.get('$skiptoken') ?? '0') || 0;
    const items = all.slice(offset, offset + top);
    if (offset + top >= all.length) return { items };
    const next = new URL(pageUrl);
    next.searchParams.set('$skiptoken', String(offset + top));
    return { items, next: next.toString() };
  }

  function delta(drive: StoredDrive, folder: StoredItem, query: URLSearchParams, requestUrl: URL): Record<string, unknown> {
    const base = new URL(requestUrl);
    base.search = '';
    const tokenParam = query.get('token');
    const upTo = Number(query.get('$upto') ?? drive.seq);
    let since = 0;
    if (tokenParam === 'latest') since = drive.seq;
    else if (tokenParam !== null) since = deltaTokens.read(tokenParam, drive.id, folder.id, base.toString()).seq;
    const changed = [...drive.items.values()].filter(
      (item) => item.changeSeq > since && item.changeSeq <= upTo && store.isWithin(drive, item, folder.id) && (since > 0 || !item.deleted),
    );
    // Parents before children (as Graph promises): by depth, then in the order the changes happened.
    const depth = (item: StoredItem) => (store.parentPath(drive, item) ?? '').split('/').length;
    changed.sort((a, b) => depth(a) - depth(b) || a.changeSeq - b.changeSeq);
    const pageUrl = new URL(requestUrl);
    pageUrl.searchParams.set('$upto', String(upTo));
    const { items, next } = page(changed, query, pageUrl);
    // As on SharePoint and OneDrive for Business, delta answers carry no `parentReference.path`.
    const value = items.map((item) => {
      const itemJson = json(drive, item);
      const { path: _path, ...parent } = itemJson['parentReference'] as Record<string, unknown>;
      return { ...itemJson, parentReference: parent };
    });
    const body: Record<string, unknown> = { '@odata.context': `${url}/v1.0/$metadata#Collection(driveItem)`, value };
    if (next) body['@odata.nextLink'] = next;
    else {
      const link = new URL(base);
      link.searchParams.set('token', deltaTokens.issue({ driveId: drive.id, folderId: folder.id, seq: upTo }));
      body['@odata.deltaLink'] = link.toString();
    }
    return body;
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, requestUrl: URL, method: string): Promise<void> {
    counts.api++;
    const issued = tokens.verify(request.headers.authorization, `${url}/${tenantId}/oauth2/authorize`, 'https://graph.microsoft.com/');
    const address = parseGraphPath(requestUrl.pathname.slice(VERSION_PREFIX.length));
    const query = requestUrl.searchParams;
    if (address.kind === 'site') {
      if (method !== 'GET') throw new GraphApiError(405, 'invalidRequest', 'Only GET is supported on a site.');
      const site = store.site(address.site);
      sendJson(response, 200, {
        id: site.id,
        name: site.displayName,
        displayName: site.displayName,
        webUrl: `https://${site.hostname}${site.path}`,
        siteCollection: { hostname: site.hostname },
      });
      return;
    }
    if (address.kind === 'site-drives') {
      const site = store.site(address.site);
      sendJson(response, 200, { value: site.driveIds.map((id) => driveJson(store.drive(id))) });
      return;
    }
    const drive = resolveDrive(address.drive, issued.userId);
    if (address.kind === 'drive') {
      sendJson(response, 200, driveJson(drive));
      return;
    }
    const { action } = address;
    if (action === 'item') {
      if (method === 'GET') return sendJson(response, 200, json(drive, resolveItem(drive, address.item)));
      if (method === 'DELETE') {
        store.delete(drive, resolveItem(drive, address.item).id);
        return sendJson(response, 204, undefined);
      }
      throw new GraphApiError(405, 'invalidRequest', `${method} is not supported on a drive item here.`);
    }
    if (action === 'children') {
      const folder = resolveItem(drive, address.item);
      if (method === 'GET') {
        if (!folder.isFolder) throw new GraphApiError(400, 'invalidRequest', `'${folder.name}' is not a folder.`);
        const { items, next } = page(store.children(drive, folder.id), query, requestUrl);
        const body: Record<string, unknown> = { value: items.map((item) => json(drive, item)) };
        if (next) body['@odata.nextLink'] = next;
        return sendJson(response, 200, body);
      }
      if (method === 'POST') {
        const body = parseJson(await readBody(request));
        if (typeof body['name'] !== 'string' || typeof body['folder'] !== 'object')
          throw new GraphApiError(400, 'invalidRequest', 'A new child needs a name and a folder facet.');
        const conflict = conflictBehavior(body['@microsoft.graph.conflictBehavior'] ?? query.get('@microsoft.graph.conflictBehavior') ?? undefined);
        const { item, created } = store.create(drive, folder.id, body['name'], { folder: true }, conflict);
        return sendJson(response, created ? 201 : 200, json(drive, item));
      }
    }
    if (action === 'content') {
      if (method === 'GET') {
        const item = resolveItem(drive, address.item);
        if (item.isFolder) throw new GraphApiError(400, 'invalidRequest', 'A folder has no content.');
        response.writeHead(302, { Location: downloadUrl(drive, item) });
        response.end();
        return;
      }
      if (method === 'PUT') {
        const content = await readBody(request);
        if (content.length > 250 * 1024 * 1024) throw new GraphApiError(413, 'invalidRequest', 'Use an upload session for files this large.');
        const { parent, name } = parentAndName(drive, address.item);
        const conflict = conflictBehavior(query.get('@microsoft.graph.conflictBehavior') ?? 'replace');
        const { item, created } = store.create(drive, parent.id, name, { content, mimeType: request.headers['content-type'] }, conflict);
        return sendJson(response, created ? 201 : 200, json(drive, item));
      }
    }
    if (action === 'delta' && method === 'GET') {
      const folder = resolveItem(drive, address.item);
      return sendJson(response, 200, delta(drive, folder, query, requestUrl));
    }
    if (action === 'createUploadSession' && method === 'POST') {
      const body = parseJson(await readBody(request));
      const item = (body['item'] ?? {}) as Record<string, unknown>;
      const { parent, name } = parentAndName(drive, address.item);
      const conflict = conflictBehavior(item['@microsoft.graph.conflictBehavior'] ?? 'replace');
      if (conflict === 'fail' && store.child(drive, parent.id, name))
        throw new GraphApiError(409, 'nameAlreadyExists', `The specified item name already exists. Name: ${name}`);
      const session = uploads.open(drive.id, parent.id, typeof item['name'] === 'string' ? item['name'] : name, conflict);
      return sendJson(response, 200, {
        uploadUrl: `${url}/_upload/${session.id}`,
        expirationDateTime: new Date(session.expiresAt).toISOString(),
        nextExpectedRanges: ['0-'],
      });
    }
    throw new GraphApiError(405, 'invalidRequest', `${method} is not supported for '${action}'.`);
  }

  function driveJson(drive: StoredDrive): Record<string, unknown> {
    let used = 0;
    for (const item of drive.items.values()) if (!item.deleted) used += contentSize(item);
    return {
      id: drive.id,
      name: drive.name,
      driveType: drive.driveType,
      owner: drive.ownerUserId ? { user: { id: drive.ownerUserId } } : { group: { displayName: drive.name } },
      quota: { total: 1_099_511_627_776, used, remaining: 1_099_511_627_776 - used, state: 'normal' },
    };
  }

  function handleDownload(request: IncomingMessage, response: ServerResponse, requestUrl: URL): void {
    counts.download++;
    const grant = downloads.get(requestUrl.searchParams.get('tempauth') ?? '');
    if (!grant || clock.now() >= grant.expiresAt)
      throw new GraphApiError(401, 'unauthenticated', 'The download URL has expired or is not valid; read the item again for a new one.');
    const drive = store.drive(grant.driveId);
    const item = store.item(drive, grant.itemId);
    const size = contentSize(item);
    const headers = { 'Accept-Ranges': 'bytes', 'Content-Type': item.mimeType, ETag: `"{${item.id}},${item.version}"` };
    const range = request.headers.range;
    if (range === undefined) {
      response.writeHead(200, { ...headers, 'Content-Length': String(size) });
      sendBytes(response, item, 0, size - 1);
      return;
    }
    const match = /^bytes=(\d*)-(\d*)$/.exec(range);
    let from = match && match[1] !== '' ? Number(match[1]) : undefined;
    let to = match && match[2] !== '' ? Number(match[2]) : undefined;
    if (match && from === undefined && to !== undefined) {
      from = Math.max(0, size - to);
      to = size - 1;
    }
    if (!match || from === undefined || from >= size || (to !== undefined && to < from)) {
      response.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` });
      response.end();
      return;
    }
    const end = Math.min(to ?? size - 1, size - 1);
    response.writeHead(206, { ...headers, 'Content-Range': `bytes ${from}-${end}/${size}`, 'Content-Length': String(end - from + 1) });
    sendBytes(response, item, from, end);
  }

  async function handleUpload(request: IncomingMessage, response: ServerResponse, sessionId: string, method: string): Promise<void> {
    counts.upload++;
    const session = uploads.get(sessionId);
    if (method === 'DELETE') {
      uploads.end(session.id);
      return sendJson(response, 204, undefined);
    }
    if (method === 'GET') {
      return sendJson(response, 200, {
        expirationDateTime: new Date(session.expiresAt).toISOString(),
        nextExpectedRanges: uploads.nextExpectedRanges(session),
      });
    }
    if (method !== 'PUT') throw new GraphApiError(405, 'invalidRequest', `${method} is not supported on an upload session.`);
    const body = await readBody(request);
    if (faults.takeUploadCut()) {
      request.socket.destroy();
      return;
    }
    const complete = uploads.accept(session, request.headers['content-range'], body);
    if (!complete) {
      return sendJson(response, 202, {
        expirationDateTime: new Date(session.expiresAt).toISOString(),
        nextExpectedRanges: uploads.nextExpectedRanges(session),
      });
    }
    uploads.end(session.id);
    const drive = store.drive(session.driveId);
    const { item, created } = store.create(drive, session.parentId, session.name, { content: Buffer.concat(session.parts) }, session.conflict);
    sendJson(response, created ? 201 : 200, json(drive, item));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestUrl = new URL(request.url ?? '/', url);
    const method = request.method ?? 'GET';
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(requestUrl.pathname);
    if (token && method === 'POST') {
      const form = new URLSearchParams((await readBody(request)).toString('utf8'));
      const answer = await handleTokenRequest({ directory, clock, tokens, apps, tenantId, resourceUrl: url, accessTokenTtlMs }, token[1], form);
      sendJson(response, answer.status, answer.body, { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' });
      return;
    }
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(requestUrl.pathname);
    if (openId && method === 'GET') return sendJson(response, 200, openIdConfiguration(url, openId[1]));
    if (requestUrl.pathname === '/common/discovery/instance' && method === 'GET') return sendJson(response, 200, cloudDiscoveryMetadata(url, tenantId));
    const failure = faults.takeFailure();
    if (failure) {
      const code = failure.code ?? (failure.status === 429 ? 'activityLimitReached' : failure.status === 503 ? 'serviceNotAvailable' : 'generalException');
      throw new GraphApiError(
        failure.status,
        code,
        failure.status === 429 ? 'The request has been throttled.' : `The service is not available (injected fault ${failure.status}).`,
        failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {},
      );
    }
    if (requestUrl.pathname === '/_layouts/15/download.aspx' && method === 'GET') return handleDownload(request, response, requestUrl);
    const upload = /^\/_upload\/([A-Za-z0-9_-]+)$/.exec(requestUrl.pathname);
    if (upload) return handleUpload(request, response, upload[1], method);
    if (requestUrl.pathname.startsWith(`${VERSION_PREFIX}/`)) return handleApi(request, response, requestUrl, method);
    throw new GraphApiError(400, 'invalidRequest', `Invalid version or resource: '${requestUrl.pathname}'.`);
  }

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const apiError = GraphApiError.is(error)
        ? error
        : AccessTokenRejected.is(error)
          ? new GraphApiError(401, 'InvalidAuthenticationToken', error.message, error.headers)
          : new GraphApiError(500, 'generalException', `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`);
      sendJson(response, apiError.status, apiError.body(clock.now()), { ...apiError.headers });
    });
  });
  for (const event of ['connection', 'secureConnection']) {
    server.on(event, (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `https://${host}:${address.port}`;
  return {
    url,
    ca: typeof tls.cert === 'string' ? tls.cert : tls.cert.toString('utf8'),
    tenantId,
    authority: `${url}/${tenantId}`,
    knownAuthority: `${host}:${address.port}`,
    authorityMetadata: JSON.stringify(openIdConfiguration(url, tenantId)),
    cloudDiscoveryMetadata: JSON.stringify(cloudDiscoveryMetadata(url, tenantId)),
    scope: `${url}/.default`,
    store,
    faults,
    invalidateDeltaTokens: () => deltaTokens.invalidateAll(),
    expireAccessTokens: () => tokens.expireAll(),
    requestCount: (kind) => (kind === undefined ? counts.api + counts.download + counts.upload : counts[kind]),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
