import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import path from 'node:path';
import { openBridgeStore, type BridgeStore } from '@fieldsync/bridge-store';
import type { EmbeddedTransport } from '@fieldsync/connector-embedded';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg } from '@fieldsync/demo-org';
import {
  createDeviceApi,
  createTokenService,
  PageReadAhead,
  resolveBridgeSettings,
  SettingsCache,
  type ApiServices,
  type CrmBackend,
  type DeviceApiLimits,
  type FleetEvents,
} from '@fieldsync/device-api';
import { customizationPartHashes, parseCustomization, systemTimerClock, type TimerClock } from '@fieldsync/model';
import { createAttachmentRoutes } from './attachments/attachment-routes';
import { UploadSessionStore } from './attachments/upload-session-store';
import type { BridgeDocumentsOptions } from './documents/bridge-documents-options';
import { createDocumentCommit, createDocumentRoutes } from './documents/document-routes';
import { GraphDocumentsPool } from './documents/graph-documents-pool';
import { createEmbeddedBackend } from './backend/embedded-backend';
import { DEMO_CUSTOMIZATION_ROLES, demoCustomizationDocument } from './demo-customization';
import { DemoRefusedError } from './errors/demo-refused-error';
import type { RedisFleetEvents } from './events/redis-fleet-events';
import { createRequestListener } from './http/create-request-listener';
import { isLoopbackHost } from './http/is-loopback-host';
import { findConsoleDirectory } from './http/serve-console';
import { RetentionPurger } from './retention/retention-purger';
import { createBridgeLogger, type LevelWithSilent, type Logger } from './logging/create-logger';

/** How to start a bridge; every field has a default but the CRM. */
export interface BridgeOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Port; 0 picks a free one. @default 4000 */
  readonly port?: number;
  /** The embedded CRM file; created and seeded with the demo org when missing and `demo` allows it. Ignored with `crmStore`. */
  readonly crmFile?: string;
  /** An open crm-store to serve (tests); the bridge does not close it. */
  readonly crmStore?: CrmStore;
  /** Business records of the demo org seeded into a new `crmFile`. @default 20000 */
  readonly demoRecords?: number;
  /**
   * Serve the demo: seed a missing `crmFile` with the demo org (whose users all have the password
   * `demo`). Without it a missing file is refused with {@link DemoRefusedError} and nothing is created.
   * @default true on a loopback host (see {@link isLoopbackHost}), else false
   */
  readonly demo?: boolean;
  /** The bridge's state: a SQLite file, `:memory:` or a postgres:// URL. @default `bridge.db` beside the CRM file */
  readonly databaseUrl?: string;
  /** Serve HTTPS with this PEM certificate and key. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** HMAC secret of access tokens (≥ 32 bytes); default: one generated once and kept in the bridge state. */
  readonly tokenSecret?: string;
  /** Access token lifetime, ms. @default 900000 (15 minutes) */
  readonly tokenTtlMs?: number;
  /** Largest request body, bytes. @default 8 MiB */
  readonly maxBodyBytes?: number;
  readonly limits?: DeviceApiLimits;
  /**
   * Serve GraphiQL on `GET /graphql` (the device API's `graphiql` option); when off, only admins may
   * introspect the schema.
   * @default true on a loopback host or with `demo: true`, else false
   */
  readonly graphiql?: boolean;
  /** Users with this CRM role may use the admin API. @default 'System Administrator' */
  readonly adminRole?: string;
  /** Publish a customization for the demo roles when none exists. @default true with `crmFile` */
  readonly publishDemoCustomization?: boolean;
  /** pino level. @default 'info' */
  readonly logLevel?: LevelWithSilent;
  /** Where logs go. @default stdout */
  readonly logDestination?: NodeJS.WritableStream;
  /** The bridge's clock and timers (tests pass a `ManualClock`). @default the machine's */
  readonly clock?: TimerClock;
  /** Time between two retention purges, ms. @default 3600000 (an hour) */
  readonly retentionIntervalMs?: number;
  /** Between the bridge and the embedded CRM for every call (fault injection in tests). */
  readonly crmTransport?: EmbeddedTransport;
  /** Read the next page of a device's paged read while it works on the current one. @default true */
  readonly readAhead?: boolean;
  /** The built admin console to serve at `/console`. @default `apps/admin-console/dist` of the checkout the bridge runs from (see `findConsoleDirectory`) */
  readonly consoleDir?: string;
  /** Fleet events for the admin subscriptions; a cluster worker passes `createClusterFleetEvents()`. @default in this process */
  readonly fleetEvents?: FleetEvents;
  /**
   * Redis (`redis://…`, `rediss://…`, or a Unix socket path) through which several bridges share their
   * fleet events, so an admin's live view on one hears the devices of all (`REDIS_URL`); used when
   * `fleetEvents` is not given. @default none: in-process events
   */
  readonly redisUrl?: string;
  /** Verified access tokens kept (signature checks saved; revocation still checked per request). @default 10000 */
  readonly verifiedTokenCacheSize?: number;
  /** Attachment bodies through the bridge (docs/decisions/167). */
  readonly attachments?: BridgeAttachmentOptions;
  /** Record documents in SharePoint / OneDrive through Microsoft Graph (decision 178); absent: `/documents` answers 404. */
  readonly documents?: BridgeDocumentsOptions;
  /** Reports seeding progress of a new demo CRM. */
  readonly onSeedProgress?: (done: number, total: number, entity: string) => void;
}

/** Where upload sessions are kept and how large an attachment may be. */
export interface BridgeAttachmentOptions {
  /**
   * Upload sessions (JSON and the bytes received): one directory every worker of a cluster shares.
   * @default `uploads` beside a SQLite state file; a temporary directory of this bridge (removed at close) for `:memory:`; `fieldsync-bridge-uploads` in the temporary directory for postgres
   */
  readonly directory?: string;
  /** Largest attachment a device may upload, bytes. @default 256 MiB */
  readonly maxBytes?: number;
  /** Largest chunk of one upload request, bytes. @default 8 MiB */
  readonly maxChunkBytes?: number;
  /** An upload session older than this is removed (at the next upload's creation), ms. @default 86400000 (a day) */
  readonly sessionTtlMs?: number;
}

/** A bridge serving some CRM backend. */
export interface ServedBridge {
  /** Base URL, e.g. `http://127.0.0.1:4000`; the API is at `${url}/graphql`. */
  readonly url: string;
  readonly port: number;
  readonly state: BridgeStore;
  readonly logger: Logger;
  /** Deletes what the retention settings no longer keep, every `retentionIntervalMs`. */
  readonly retention: RetentionPurger;
  /** Whether GraphiQL is served at `${url}/graphql`. */
  readonly graphiql: boolean;
  /** Stops listening and the retention purge, closes connections, the backend and the state. */
  close(): Promise<void>;
}

/** A running bridge over the embedded CRM. */
export interface RunningBridge extends ServedBridge {
  readonly crm: CrmStore;
  /** Stops listening, closes connections, the state and (unless given) the CRM. */
  close(): Promise<void>;
}

/** How to serve a bridge over a CRM backend of one's own (Salesforce, Dynamics); the CRM options of {@link BridgeOptions} do not apply. */
export interface BackendBridgeOptions extends Omit<
  BridgeOptions,
  'crmFile' | 'crmStore' | 'demoRecords' | 'demo' | 'crmTransport' | 'onSeedProgress' | 'databaseUrl'
> {
  /** The CRM behind the bridge; closed with it. */
  readonly backend: CrmBackend;
  /** The bridge's state: a SQLite file, `:memory:` or a postgres:// URL. @default ':memory:' */
  readonly databaseUrl?: string;
}

const TOKEN_SECRET_SETTING = 'tokenSecret';
const DEFAULT_HOST = '127.0.0.1';

/**
 * Starts the bridge: opens (and on first start of the demo seeds) the embedded CRM, opens the bridge
 * state, publishes the demo customization when none exists, and serves the GraphQL API, GraphiQL
 * (by default on loopback or for the demo) and `/healthz` over HTTP or HTTPS. Throws
 * {@link DemoRefusedError} for a missing CRM file it may not seed.
 */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const host = options.host ?? DEFAULT_HOST;
  const demo = options.demo ?? isLoopbackHost(host);
  // Refuse before anything (log, folder, file) is made.
  if (!options.crmStore && options.crmFile && !demo && !existsSync(path.resolve(options.crmFile)))
    throw new DemoRefusedError(path.resolve(options.crmFile), host);
  const logger = createBridgeLogger(options.logLevel ?? 'info', options.logDestination);
  const clock = options.clock;
  const now = clock ? () => clock.now() : Date.now;
  const ownsCrm = !options.crmStore;
  let crm: CrmStore;
  if (options.crmStore) crm = options.crmStore;
  else {
    if (!options.crmFile) throw new Error('startBridge needs crmFile or crmStore');
    const file = path.resolve(options.crmFile);
    const fresh = !existsSync(file);
    mkdirSync(path.dirname(file), { recursive: true });
    crm = await openCrmStore({ file });
    if (fresh) {
      const records = options.demoRecords ?? 20_000;
      logger.info({ event: 'crm.seeding', file, records }, 'seeding the demo CRM');
      const summary = await seedDemoOrg(crm, generateDemoOrg({ records }), options.onSeedProgress);
      logger.info({ event: 'crm.seeded', file, records: summary.records, ms: Math.round(summary.elapsedMs) }, 'demo CRM seeded');
    }
  }
  const databaseUrl = options.databaseUrl ?? (options.crmFile ? path.join(path.dirname(path.resolve(options.crmFile)), 'bridge.db') : ':memory:');
  const backend = createEmbeddedBackend({ store: crm, ...(options.crmTransport ? { transport: options.crmTransport } : {}), now });
  let served: ServedBridge;
  try {
    served = await serveBridge(
      {
        ...options,
        backend,
        databaseUrl,
        publishDemoCustomization: options.publishDemoCustomization ?? Boolean(options.crmFile),
        graphiql: options.graphiql ?? (isLoopbackHost(host) || options.demo === true),
      },
      logger,
    );
  } catch (error) {
    if (ownsCrm) await crm.close();
    throw error;
  }
  return {
    ...served,
    crm,
    async close() {
      await served.close();
      if (ownsCrm) await crm.close();
    },
  };
}

/**
 * Serves the bridge over any CRM backend (Salesforce, Dynamics, or the embedded one): opens the
 * bridge state, publishes the demo customization when asked and none exists, and serves the GraphQL
 * API, GraphiQL (by default on loopback only) and `/healthz` over HTTP or HTTPS. The backend is
 * closed with the bridge.
 */
export async function startBackendBridge(options: BackendBridgeOptions): Promise<ServedBridge> {
  return serveBridge(options, createBridgeLogger(options.logLevel ?? 'info', options.logDestination));
}

async function serveBridge(options: BackendBridgeOptions, logger: Logger): Promise<ServedBridge> {
  const clock = options.clock;
  const now = clock ? () => clock.now() : Date.now;
  const { backend } = options;
  let state: BridgeStore;
  try {
    state = await openBridgeStore({ url: options.databaseUrl ?? ':memory:' });
  } catch (error) {
    await backend.close();
    throw error;
  }
  let graph: GraphDocumentsPool | undefined;
  let redis: RedisFleetEvents | undefined;
  try {
    // ioredis loads only for a bridge that uses Redis.
    if (options.fleetEvents === undefined && options.redisUrl !== undefined)
      redis = (await import('./events/redis-fleet-events')).createRedisFleetEvents(options.redisUrl, logger);
    const fleetEvents = options.fleetEvents ?? redis?.events;
    const secret = await tokenSecret(state, options.tokenSecret, now);
    const services: ApiServices = {
      state,
      backend,
      tokens: createTokenService({
        secret,
        accessTtlMs: options.tokenTtlMs ?? 900_000,
        now,
        ...(options.verifiedTokenCacheSize === undefined ? {} : { verifiedTokenCacheSize: options.verifiedTokenCacheSize }),
      }),
      now,
      adminRole: options.adminRole ?? 'System Administrator',
      log: logger,
      ...(options.readAhead === false ? {} : { readAhead: new PageReadAhead(now) }),
      settingsCache: new SettingsCache(async () => resolveBridgeSettings(await state.settings.all())),
      ...(fleetEvents ? { events: fleetEvents } : {}),
    };
    if (options.publishDemoCustomization === true) await publishDemoCustomization(services);
    const ownUploadsDirectory = options.attachments?.directory === undefined && (options.databaseUrl ?? ':memory:') === ':memory:';
    const uploadsDirectory = uploadsDirectoryOf(options.attachments?.directory, options.databaseUrl);
    const host = options.host ?? DEFAULT_HOST;
    const graphiql = options.graphiql ?? isLoopbackHost(host);
    const api = createDeviceApi({ services, graphiql, ...(options.limits ? { limits: options.limits } : {}) });
    const scheme = options.tls ? 'https' : 'http';
    // One session store for attachment and document uploads: `PUT /uploads/{id}` serves both (decision 193).
    const uploads = new UploadSessionStore(uploadsDirectory, now);
    const maxUploadBytes = options.attachments?.maxBytes ?? 256 * 1024 * 1024;
    const sessionTtlMs = options.attachments?.sessionTtlMs ?? 86_400_000;
    graph = options.documents ? new GraphDocumentsPool(options.documents, clock ?? systemTimerClock) : undefined;
    const attachmentRoutes = createAttachmentRoutes({
      services,
      uploads,
      maxAttachmentBytes: maxUploadBytes,
      maxChunkBytes: options.attachments?.maxChunkBytes ?? 8 * 1024 * 1024,
      sessionTtlMs,
      commitDocument: createDocumentCommit({ services, ...(graph ? { graph } : {}) }),
    });
    const documentRoutes = createDocumentRoutes({ services, ...(graph ? { graph } : {}), uploads, maxBytes: maxUploadBytes, sessionTtlMs });
    const listener = createRequestListener({
      api,
      logger,
      maxBodyBytes: options.maxBodyBytes ?? 8 * 1024 * 1024,
      scheme,
      consoleDir: options.consoleDir ?? findConsoleDirectory(),
      attachments: async (request, response, url, clientAddress) =>
        (await attachmentRoutes(request, response, url, clientAddress)) ?? documentRoutes(request, response, url, clientAddress),
      health: async () => ({
        crm: backend.name,
        database: state.dialect,
        devices: (await state.devices.list({ now: new Date(now()).toISOString(), first: 1 })).totalCount,
      }),
    });
    const retention = new RetentionPurger({
      state,
      settings: async () => (services.settingsCache ? services.settingsCache.get() : resolveBridgeSettings(await state.settings.all())),
      clock: clock ?? systemTimerClock,
      ...(options.retentionIntervalMs !== undefined ? { intervalMs: options.retentionIntervalMs } : {}),
      log: logger,
    });
    const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createHttpServer(listener);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4000, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `${scheme}://${shown}:${address.port}`;
    logger.info(
      {
        event: 'bridge.listening',
        url,
        graphql: `${url}/graphql`,
        graphiql,
        database: state.dialect,
        fleetEvents: redis ? 'redis' : options.fleetEvents ? 'given' : 'in-process',
      },
      'bridge listening',
    );
    retention.start();
    return {
      url,
      port: address.port,
      state,
      logger,
      retention,
      graphiql,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await retention.stop();
        await graph?.close();
        await redis?.close();
        await backend.close();
        await state.close();
        if (ownUploadsDirectory) rmSync(uploadsDirectory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await graph?.close();
    await redis?.close();
    await backend.close();
    await state.close();
    throw error;
  }
}

/** Where upload sessions go (see {@link BridgeAttachmentOptions.directory}). */
function uploadsDirectoryOf(given: string | undefined, databaseUrl: string | undefined): string {
  if (given !== undefined) return path.resolve(given);
  const url = databaseUrl ?? ':memory:';
  if (url === ':memory:') return mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-uploads-'));
  if (/^postgres(ql)?:\/\//.test(url)) return path.join(os.tmpdir(), 'fieldsync-bridge-uploads');
  return path.join(path.dirname(path.resolve(url.replace(/^(sqlite|file):(\/\/)?/, ''))), 'uploads');
}

async function tokenSecret(state: BridgeStore, given: string | undefined, now: () => number): Promise<Uint8Array> {
  if (given !== undefined) return new TextEncoder().encode(given);
  const stored = (await state.settings.all())[TOKEN_SECRET_SETTING];
  if (typeof stored === 'string' && stored.length >= 43) return Buffer.from(stored, 'base64url');
  const made = randomBytes(32).toString('base64url');
  await state.settings.set({ [TOKEN_SECRET_SETTING]: made }, new Date(now()).toISOString());
  return Buffer.from(made, 'base64url');
}

async function publishDemoCustomization(services: ApiServices): Promise<void> {
  if ((await services.state.customizations.list()).length > 0) return;
  const { customization } = parseCustomization(demoCustomizationDocument(await services.backend.schema()), await services.backend.schema());
  const published = await services.state.customizations.publish({
    version: customization.version,
    content: { entities: customization.entities, settings: customization.settings, blobStoreFilter: customization.blobStoreFilter ?? null },
    partHashes: customizationPartHashes(customization),
    roles: DEMO_CUSTOMIZATION_ROLES,
    settingsReadOnly: false,
    comment: 'demo customization: every entity, default settings',
    publishedAt: new Date(services.now()).toISOString(),
    publishedBy: 'bridge',
  });
  services.log.info({ event: 'customization.published', revision: published.revision, by: 'bridge' }, 'demo customization published');
}
