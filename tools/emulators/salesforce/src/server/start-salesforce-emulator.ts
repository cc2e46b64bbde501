import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { waitOnClock } from '@fieldsync/model';
import { recordToSfRow, formatSfValue } from '../records/sf-row';
import { SoqlError } from '../soql/soql-error';
import { describeGlobal, describeSObject } from './describe';
import { EmulatorCore, type RequestUser } from './emulator-core';
import type { SalesforceEmulatorOptions } from './emulator-options';
import { FaultPlan, type SalesforceEmulatorFaults } from './faults';
import { readJson, sendJson } from './http-io';
import { handleSoapLogin, handleToken } from './oauth';
import { batchSizeOf, QueryEngine } from './query-engine';
import { createCollection, createOne, deleteCollection, deleteOne, updateCollection, updateOne, upsertCollection, upsertOne } from './record-writes';
import { deletedRecords, updatedIds } from './replication';
import { SalesforceApiError } from './salesforce-api-error';

/** A running emulator. */
export interface SalesforceEmulator {
  /** Base URL, e.g. `http://127.0.0.1:51234` (also the instance URL). */
  readonly url: string;
  /** What to give jsforce as `loginUrl` (the same server). */
  readonly loginUrl: string;
  /** The API version served, e.g. `'59.0'`. */
  readonly apiVersion: string;
  /** The crm-store organization id (the `{orgId}` of identity URLs). */
  readonly organizationId: string;
  /** Faults injected into the next requests. */
  readonly faults: SalesforceEmulatorFaults;
  /** Ends every session: the next API call answers 401 `INVALID_SESSION_ID`. */
  expireSessions(): void;
  /** Forgets every query locator: the next `queryMore` answers `INVALID_QUERY_LOCATOR`. */
  expireQueryLocators(): void;
  /** Empties the recycle bin: `deleted` reports nothing deleted before now and `earliestDateAvailable` becomes now. */
  emptyRecycleBin(): void;
  /** API requests counted today and the daily maximum. */
  apiUsage(): { used: number; max: number };
  /** Sets today's API request count (to test the daily limit). */
  setApiUsage(used: number): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** What a route answers: JSON, or a streamed body. */
interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly stream?: { readonly status: number; readonly headers: Record<string, string>; readonly body: AsyncIterable<Uint8Array> };
}

const API_PATH = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/;

/** HTTP date (second precision) as ms. */
function parseHttpDate(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new SalesforceApiError(400, 'INVALID_HEADER_TYPE', `If-Unmodified-Since: not an HTTP date: ${value}`);
  return ms;
}

/**
 * Starts a Salesforce REST API emulator over a crm-store on loopback. It serves the OAuth token
 * endpoint and SOAP login, describe, SOQL query / queryAll with locators, updated / deleted, single
 * records and sObject Collections, and limits, in Salesforce's wire format, acting as the signed-in
 * crm-store user so privileges, sharing and field-level security are the store's.
 * @example const sf = await startSalesforceEmulator({ store }); const conn = new jsforce.Connection({ loginUrl: sf.loginUrl, version: sf.apiVersion });
 */
export async function startSalesforceEmulator(options: SalesforceEmulatorOptions): Promise<SalesforceEmulator> {
  const core = new EmulatorCore(options.store, options.clock ?? options.store.clock, {
    apiVersion: options.apiVersion ?? '59.0',
    sessionTtlMs: options.sessionTtlMs ?? 7_200_000,
    dailyApiLimit: options.dailyApiLimit ?? 100_000,
    locatorTtlMs: options.locatorTtlMs ?? 900_000,
    maxReplicationIds: options.maxReplicationIds ?? 600_000,
    connectedApps: options.connectedApps ?? [{ clientId: 'fieldsync', clientSecret: 'fieldsync-secret', runAsUserName: 'admin' }],
    setupRole: options.setupRole ?? 'System Administrator',
  });
  core.organizationId = await options.store.organizationId();
  const queries = new QueryEngine(core);
  const faults = new FaultPlan();
  const sockets = new Set<Socket>();

  const limitHeaders = (): Record<string, string> => {
    const { used, max } = core.apiUsage();
    return { 'Sforce-Limit-Info': `api-usage=${used}/${max}` };
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const delay = faults.takeDelay();
    // Spent on the emulator's clock: real time by default, a test's ManualClock with spendDelaysAtOnce moves at once.
    if (delay > 0) await waitOnClock(core.clock, delay);
    const fault = faults.take();
    if (fault.kind === 'drop') {
      request.socket.destroy();
      return;
    }
    if (fault.kind === 'rateLimit') {
      sendJson(response, 429, [{ message: 'Too many requests: retry later', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], {
        ...limitHeaders(),
        'Retry-After': String(fault.retryAfterSeconds),
      });
      return;
    }
    if (fault.kind === 'fail') {
      const errorCode = fault.status === 503 ? 'SERVER_UNAVAILABLE' : 'UNKNOWN_EXCEPTION';
      sendJson(response, fault.status, [{ message: `An unexpected error occurred (injected fault ${fault.status})`, errorCode }], limitHeaders());
      return;
    }
    const url = new URL(request.url ?? '/', 'http://emulator');
    const method = request.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/services/oauth2/token') return handleToken(core, request, response, limitHeaders());
    const soap = /^\/services\/Soap\/u\/(\d+\.\d+)\/?$/.exec(url.pathname);
    if (method === 'POST' && soap) return handleSoapLogin(core, soap[1], request, response, limitHeaders());
    const api = API_PATH.exec(url.pathname);
    const identity = /^\/id\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!api && !identity) {
      if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
        sendJson(response, 200, [{ label: 'Winter', url: core.basePath, version: core.settings.apiVersion }], limitHeaders());
        return;
      }
      throw new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    const user = await core.authenticate(request.headers.authorization);
    core.countApiRequest();
    if (identity) {
      const stored = await core.store.getUser(user.session.userId);
      sendJson(
        response,
        200,
        {
          id: `${core.url}/id/${core.organizationId}/${user.session.userId}`,
          user_id: user.session.userId,
          organization_id: core.organizationId,
          username: stored?.userName,
          display_name: stored?.fullName,
          active: true,
        },
        limitHeaders(),
      );
      return;
    }
    const rest = (api?.[2] ?? '/').replace(/\/+$/, '') || '/';
    const segments = rest.split('/').filter((s) => s !== '');
    const result = await route(user, method, segments, url.searchParams, request);
    if (result.stream) {
      response.writeHead(result.stream.status, { ...limitHeaders(), ...result.stream.headers });
      for await (const chunk of result.stream.body) response.write(chunk);
      response.end();
      return;
    }
    sendJson(response, result.status, result.body, { ...limitHeaders(), ...(result.headers ?? {}) });
  }

  async function route(user: RequestUser, method: string, segments: string[], query: URLSearchParams, request: IncomingMessage): Promise<RouteResult> {
    const [head, second, third, fourth] = segments;
    const notFound = () => new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (head === 'limits' && segments.length === 1 && method === 'GET') {
      const { used, max } = core.apiUsage();
      return {
        status: 200,
        body: {
          DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) },
          ConcurrentSyncQueries: { Max: 10, Remaining: 10 },
          DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
        },
      };
    }
    if ((head === 'query' || head === 'queryAll') && method === 'GET') {
      if (segments.length === 2) return { status: 200, body: queries.more(user, second) };
      if (segments.length !== 1) throw notFound();
      const soql = query.get('q');
      if (!soql) throw new SalesforceApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      return { status: 200, body: await queries.query(user, soql, head === 'queryAll', batchSizeOf(request.headers['sforce-query-options'])) };
    }
    if (head === 'sobjects') {
      if (segments.length === 1 && method === 'GET') return { status: 200, body: describeGlobal(core, user) };
      const type = core.typeOrNotFound(user, second);
      if (segments.length === 2) {
        if (method === 'GET')
          return { status: 200, body: { objectDescribe: describeGlobal(core, user).sobjects.find((s) => s.name === type.name), recentItems: [] } };
        if (method === 'POST') return { status: 201, body: await createOne(core, user, type, await readJson(request)) };
        throw notFound();
      }
      if (segments.length === 3 && third === 'describe' && method === 'GET') return { status: 200, body: describeSObject(core, user, type) };
      if (segments.length === 3 && third === 'updated' && method === 'GET') return { status: 200, body: await updatedIds(core, user, type, query) };
      if (segments.length === 3 && third === 'deleted' && method === 'GET') return { status: 200, body: await deletedRecords(core, user, type, query) };
      if (segments.length === 3) {
        const id = decodeURIComponent(third);
        if (method === 'GET') return getRecord(user, type, id, query);
        if (method === 'DELETE') {
          await deleteOne(core, user, type, id);
          return { status: 204 };
        }
        if (method === 'PATCH') return patchRecord(user, type, id, request);
        throw notFound();
      }
      if (segments.length === 4 && method === 'GET' && type.fieldByLowerName.get(fourth.toLowerCase())?.type === 'base64') {
        return { status: 200, stream: await openBody(user, type.entity.name, decodeURIComponent(third), request.headers.range) };
      }
      if (segments.length === 4) {
        const value = decodeURIComponent(fourth);
        if (method === 'PATCH') {
          const result = await upsertOne(core, user, type, third, value, await readJson(request));
          return { status: result.created ? 201 : 200, body: result };
        }
        if (method === 'GET' && type.fieldByLowerName.get(third.toLowerCase())?.synthetic === 'externalId') return getRecord(user, type, value, query);
      }
      throw notFound();
    }
    if (head === 'composite' && second === 'sobjects') {
      if (segments.length === 2 && method === 'POST') return { status: 200, body: await createCollection(core, user, await readJson(request)) };
      if (segments.length === 2 && method === 'PATCH') return { status: 200, body: await updateCollection(core, user, await readJson(request)) };
      if (segments.length === 2 && method === 'DELETE') return { status: 200, body: await deleteCollection(core, user, query) };
      if (segments.length === 4 && method === 'PATCH') {
        return { status: 200, body: await upsertCollection(core, user, core.typeOrNotFound(user, third), fourth, await readJson(request)) };
      }
    }
    throw notFound();
  }

  /** A record's stored body as the user may read it, whole or one `Range: bytes=a-b` (206). */
  async function openBody(user: RequestUser, entity: string, id: string, range: string | undefined): Promise<NonNullable<RouteResult['stream']>> {
    const match = range ? /^bytes=(\d+)-(\d*)$/.exec(range.trim()) : null;
    if (range && !match) throw new SalesforceApiError(416, 'INVALID_RANGE', `unsupported Range: ${range}`);
    let stored;
    try {
      stored = await core.store.readAttachment(user.principal, {
        entity,
        id,
        ...(match ? { range: { start: Number(match[1]), ...(match[2] !== '' ? { end: Number(match[2]) } : {}) } } : {}),
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'STORE_NOT_FOUND' || code === 'PERMISSION_DENIED') throw new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (code === 'STORE_RANGE_INVALID') throw new SalesforceApiError(416, 'INVALID_RANGE', `Range not satisfiable: ${range ?? ''}`);
      throw error;
    }
    const length = stored.range ? stored.range.end - stored.range.start + 1 : stored.size;
    return {
      status: stored.range ? 206 : 200,
      headers: {
        'Content-Type': stored.mimeType,
        'Content-Length': String(length),
        'Accept-Ranges': 'bytes',
        ...(stored.range ? { 'Content-Range': `bytes ${stored.range.start}-${stored.range.end}/${stored.size}` } : {}),
      },
      body: stored.body,
    };
  }

  /** The record as the user may read it, with `ETag` (its version) and `Last-Modified`. */
  async function findVisible(user: RequestUser, entity: string, id: string) {
    const record = await core.store.getAsSystem(entity, id);
    if (!record) return undefined;
    // Sharing: the record counts only when the user's own read returns it.
    const visible = await core.store.readFull(user.principal, {
      entity,
      filter: { kind: 'condition', field: core.catalog().ofEntity(entity)?.entity.primaryKey ?? '', operator: 'eq', value: id },
      limit: 1,
    });
    return visible.records[0];
  }

  async function getRecord(user: RequestUser, typeArg: ReturnType<typeof core.typeOrNotFound>, id: string, query: URLSearchParams) {
    const record = await findVisible(user, typeArg.entity.name, id);
    if (!record) throw new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const row = recordToSfRow(typeArg, record);
    const wanted = query
      .get('fields')
      ?.split(',')
      .map((f) => f.trim().toLowerCase());
    const body: Record<string, unknown> = { attributes: { type: typeArg.name, url: `${core.basePath}/sobjects/${typeArg.name}/${encodeURIComponent(id)}` } };
    for (const field of typeArg.fields) {
      if (!core.readable(user, typeArg, field)) continue;
      if (wanted && !wanted.includes(field.name.toLowerCase())) continue;
      const value = formatSfValue(field, row.values.get(field.name.toLowerCase()) ?? null);
      body[field.name] = field.type === 'base64' && typeof value === 'string' ? `${core.basePath}${value}` : value;
    }
    const modified = row.values.get('systemmodstamp');
    return {
      status: 200,
      body,
      headers: { ETag: `"${record.version ?? ''}"`, ...(typeof modified === 'number' ? { 'Last-Modified': new Date(modified).toUTCString() } : {}) },
    };
  }

  async function patchRecord(user: RequestUser, type: ReturnType<typeof core.typeOrNotFound>, id: string, request: IncomingMessage) {
    const body = await readJson(request);
    const ifMatch = request.headers['if-match'];
    const ifUnmodifiedSince = request.headers['if-unmodified-since'];
    let baseVersion: string | undefined;
    if (typeof ifMatch === 'string' && ifMatch.trim() !== '*') baseVersion = ifMatch.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    if (typeof ifUnmodifiedSince === 'string') {
      const since = parseHttpDate(ifUnmodifiedSince);
      const current = await findVisible(user, type.entity.name, id);
      if (!current) throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
      const stamp = recordToSfRow(type, current).values.get('systemmodstamp');
      if (typeof stamp === 'number' && stamp > since) throw preconditionFailed(type, current.version);
      // The version read here is checked again inside the store's write transaction.
      baseVersion ??= current.version;
    }
    const outcome = await updateOne(core, user, type, id, body, baseVersion);
    if ('conflict' in outcome) {
      const current = await core.store.getAsSystem(type.entity.name, id);
      throw preconditionFailed(type, current?.version);
    }
    return { status: 204 };
  }

  function preconditionFailed(type: { name: string }, version: string | undefined): SalesforceApiError {
    return new SalesforceApiError(
      412,
      'PRECONDITION_FAILED',
      `The ${type.name} record was modified after the version the request was based on`,
      undefined,
      version ? { ETag: `"${version}"` } : {},
    );
  }

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof SalesforceApiError) {
        sendJson(response, error.status, error.body(), { ...limitHeaders(), ...error.headers });
      } else if (SoqlError.is(error)) {
        sendJson(response, 400, [{ message: error.message, errorCode: error.errorCode }], limitHeaders());
      } else if ((error as { code?: unknown }).code === 'STORE_QUOTA_EXCEEDED') {
        sendJson(response, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], limitHeaders());
      } else {
        sendJson(
          response,
          500,
          [{ message: `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`, errorCode: 'UNKNOWN_EXCEPTION' }],
          limitHeaders(),
        );
      }
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createHttpServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  core.url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;

  return {
    url: core.url,
    loginUrl: core.url,
    apiVersion: core.settings.apiVersion,
    organizationId: core.organizationId,
    faults,
    expireSessions: () => core.expireSessions(),
    expireQueryLocators: () => queries.expireLocators(),
    emptyRecycleBin: () => {
      core.recycleBinEmptiedAt = core.clock.now();
    },
    apiUsage: () => core.apiUsage(),
    setApiUsage: (used) => core.setApiUsage(used),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
