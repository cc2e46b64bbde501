import cluster from 'node:cluster';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createBridgeLogger,
  createClusterFleetEvents,
  DemoRefusedError as BridgeDemoRefusedError,
  isLoopbackHost,
  serveClusterWorker,
  startBridgeCluster,
  startBackendBridge,
  startBridge,
  type BridgeDocumentsOptions,
  type LevelWithSilent,
  type ServedBridge,
} from '@fieldsync/bridge-server';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import type { CommandContext } from '../cli/command-context';
import { DemoRefusedError, InvalidOptionError } from '../errors/cli-errors';
import { createProgressReporter } from '../output/progress-reporter';
import { parseWholeNumber, parseYesNo } from './parse-options';
import { DEFAULT_CRM_FILE, LOG_LEVELS, type ServeOptions } from './serve-command';
import { untilStopped } from './until-stopped';

/** Starts the bridge from parsed options; the token secret comes from FIELDSYNC_TOKEN_SECRET when set, and Redis for fleet events from REDIS_URL. */
export async function startBridgeFromOptions(options: ServeOptions, context: CommandContext): Promise<ServedBridge> {
  if (!['embedded', 'salesforce', 'dynamics'].includes(options.backend))
    throw new InvalidOptionError('--backend', `must be embedded, salesforce or dynamics, got '${options.backend}'`);
  if (!LOG_LEVELS.includes(options.logLevel)) throw new InvalidOptionError('--log-level', `must be one of ${LOG_LEVELS.join(', ')}, got '${options.logLevel}'`);
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
    throw new InvalidOptionError(options.tlsCert ? '--tls-key' : '--tls-cert', 'HTTPS needs both --tls-cert and --tls-key');
  const read = (option: string, file: string) => {
    try {
      return readFileSync(path.resolve(context.io.cwd, file));
    } catch (error) {
      throw new InvalidOptionError(option, `cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const tls = options.tlsCert && options.tlsKey ? { cert: read('--tls-cert', options.tlsCert), key: read('--tls-key', options.tlsKey) } : undefined;
  const secret = process.env.FIELDSYNC_TOKEN_SECRET;
  const redisUrl = process.env.REDIS_URL === '' ? undefined : process.env.REDIS_URL;
  if (secret !== undefined && Buffer.byteLength(secret) < 32) throw new InvalidOptionError('FIELDSYNC_TOKEN_SECRET', 'must be at least 32 bytes');
  const demo = options.demo ?? parseYesNo('FIELDSYNC_DEMO', process.env.FIELDSYNC_DEMO);
  if (demo === true && options.backend !== 'embedded')
    throw new InvalidOptionError('--demo', `the demo org is served by the embedded backend only, not with --backend ${options.backend}`);
  const graphiql = options.graphiql ?? parseYesNo('FIELDSYNC_GRAPHIQL', process.env.FIELDSYNC_GRAPHIQL);
  const documents = graphDocumentsOf(options, (option, file) => read(option, file).toString('utf8'));
  // Unset, the bridge decides: on for a loopback host (and for the demo), off for one that faces the network.
  const common = {
    ...(documents ? { documents } : {}),
    host: options.host,
    port: parseWholeNumber('--port', options.port, 0, 65_535),
    ...(options.databaseUrl
      ? {
          databaseUrl:
            options.databaseUrl.includes('://') || options.databaseUrl === ':memory:' ? options.databaseUrl : path.resolve(context.io.cwd, options.databaseUrl),
        }
      : {}),
    ...(tls ? { tls } : {}),
    ...(secret ? { tokenSecret: secret } : {}),
    tokenTtlMs: parseWholeNumber('--token-ttl', options.tokenTtl, 10, 86_400) * 1000,
    maxBodyBytes: parseWholeNumber('--max-body', options.maxBody, 1024, 1024 * 1024 * 1024),
    adminRole: options.adminRole,
    logLevel: options.logLevel as LevelWithSilent,
    ...(graphiql === undefined ? {} : { graphiql }),
    // With Redis every process of every bridge hears the others' fleet events there; without it a
    // cluster worker tells its own to the other workers through the primary.
    ...(redisUrl ? { redisUrl } : cluster.isWorker ? { fleetEvents: createClusterFleetEvents() } : {}),
  };
  const need = (value: string | undefined, option: string, what: string): string => {
    if (value === undefined || value === '') throw new InvalidOptionError(option, `--backend ${options.backend} needs ${what}`);
    return value;
  };
  // The bridge's state stays in .fieldsync/ of the working directory unless a database is named.
  const stateOf = (name: string): string => {
    const file = path.resolve(context.io.cwd, '.fieldsync', `bridge-${name}.db`);
    if (!common.databaseUrl) mkdirSync(path.dirname(file), { recursive: true });
    return file;
  };
  if (options.backend === 'dynamics') {
    const environmentUrl = need(options.dvEnvironmentUrl, '--dv-environment-url', 'the environment URL');
    if (!/^https:\/\//.test(environmentUrl)) throw new InvalidOptionError('--dv-environment-url', `not an https URL: ${environmentUrl}`);
    if (options.dvAuthority !== undefined && !/^https:\/\//.test(options.dvAuthority))
      throw new InvalidOptionError('--dv-authority', `not an https URL: ${options.dvAuthority}`);
    const { createDynamicsBackend } = require('@fieldsync/bridge-server/dynamics') as typeof import('@fieldsync/bridge-server/dynamics');
    const backend = createDynamicsBackend({
      connection: {
        environmentUrl,
        ...(options.dvAuthority ? { authority: { authority: options.dvAuthority, knownAuthorities: [new URL(options.dvAuthority).host] } } : {}),
        ...(options.dvCa ? { ca: read('--dv-ca', options.dvCa).toString('utf8') } : {}),
      },
      clientId: need(options.dvClientId, '--dv-client-id', "the app registration's client id"),
      clientSecret: need(options.dvClientSecret, '--dv-client-secret', 'its client secret'),
      tenantId: need(options.dvTenant, '--dv-tenant', 'the Azure AD tenant'),
    });
    return startBackendBridge({ databaseUrl: stateOf('dynamics'), ...common, backend });
  }
  if (options.backend === 'salesforce') {
    const loginUrl = need(options.sfLoginUrl, '--sf-login-url', 'the login URL');
    if (!/^https?:\/\//.test(loginUrl)) throw new InvalidOptionError('--sf-login-url', `not an http(s) URL: ${loginUrl}`);
    const { createSalesforceBackend } = require('@fieldsync/bridge-server/salesforce') as typeof import('@fieldsync/bridge-server/salesforce');
    const backend = createSalesforceBackend({
      loginUrl,
      clientId: need(options.sfClientId, '--sf-client-id', "the connected app's consumer key"),
      clientSecret: need(options.sfClientSecret, '--sf-client-secret', "the connected app's consumer secret"),
      jwtPrivateKey: read('--sf-jwt-key', need(options.sfJwtKey, '--sf-jwt-key', 'the private key of the JWT bearer flow')).toString('utf8'),
      connector: { externalIdField: options.sfExternalIdField },
    });
    return startBackendBridge({ databaseUrl: stateOf('salesforce'), ...common, backend });
  }
  const crmFile = path.resolve(context.io.cwd, options.crm ?? DEFAULT_CRM_FILE);
  // The default file is the demo's, whoever made it: on a host that faces the network, a CRM must be named.
  if (options.crm === undefined && demo !== true && !isLoopbackHost(options.host)) throw new DemoRefusedError(crmFile, options.host, 'default');
  const progress = createProgressReporter(context.io);
  try {
    return await startBridge({
      ...common,
      crmFile,
      demoRecords: parseWholeNumber('--records', options.records, 0, 10_000_000),
      ...(demo === undefined ? {} : { demo }),
      onSeedProgress: (done, total, entity) => progress.update(done, total, entity),
    });
  } catch (error) {
    if (error instanceof BridgeDemoRefusedError) throw new DemoRefusedError(error.file, error.host, 'missing');
    throw error;
  } finally {
    progress.stop();
  }
}

/** The bridge's Graph backend for record documents from `--graph-*` (decision 178); undefined when none is given. */
function graphDocumentsOf(options: ServeOptions, readText: (option: string, file: string) => string): BridgeDocumentsOptions | undefined {
  const given = [options.graphTenant, options.graphClientId, options.graphClientSecret];
  if (given.every((value) => value === undefined || value === '')) return undefined;
  const names = ['--graph-tenant', '--graph-client-id', '--graph-client-secret'];
  const missing = names.filter((_, index) => given[index] === undefined || given[index] === '');
  if (missing.length > 0) throw new InvalidOptionError(missing[0], `documents through Microsoft Graph need ${names.join(', ')}`);
  for (const [option, url] of [
    ['--graph-url', options.graphUrl],
    ['--graph-authority', options.graphAuthority],
  ] as const) {
    if (url !== undefined && !/^https:\/\//.test(url)) throw new InvalidOptionError(option, `not an https URL: ${url}`);
  }
  return {
    tenantId: options.graphTenant as string,
    clientId: options.graphClientId as string,
    clientSecret: options.graphClientSecret as string,
    ...(options.graphUrl ? { graphUrl: options.graphUrl } : {}),
    ...(options.graphAuthority ? { authority: { authority: options.graphAuthority, knownAuthorities: [new URL(options.graphAuthority).host] } } : {}),
    ...(options.graphCa ? { ca: readText('--graph-ca', options.graphCa) } : {}),
    ...(options.graphOnedriveUser ? { oneDriveUser: options.graphOnedriveUser } : {}),
  };
}

/** Prints where the bridge answers and how to use it. */
export function printBridgeBanner(bridge: Pick<ServedBridge, 'url' | 'graphiql'>, context: CommandContext, backend = 'embedded'): void {
  const { printer } = context;
  printer.line(`Fieldsync bridge on ${bridge.url}${backend === 'embedded' ? '' : ` in front of ${backend}`}`);
  printer.line(
    bridge.graphiql
      ? `  GraphQL API and GraphiQL: ${bridge.url}/graphql`
      : `  GraphQL API:              ${bridge.url}/graphql (GraphiQL off; --graphiql serves it)`,
  );
  printer.line(`  Admin console:            ${bridge.url}/console`);
  printer.line(`  Health:                   ${bridge.url}/healthz`);
  if (backend === 'embedded') {
    printer.line(`  Users: alice, bob, carol (sales reps), admin (admin API); password '${DEMO_PASSWORD}'`);
    printer.line(`  A device: npx fieldsync device login --bridge ${bridge.url} --db alice.db --user alice   (asks for the password: ${DEMO_PASSWORD})`);
  } else {
    printer.line(
      `  A device signs in with its ${backend} user name and password: npx fieldsync device login --bridge ${bridge.url} --db me.db --user <name>   (asks for the password)`,
    );
  }
  printer.line('  Stop with Ctrl+C.');
}

/** Most bridge processes `--workers auto` starts. */
const MAX_AUTO_WORKERS = 8;

/**
 * The bridge processes `--workers` asks for: a whole number from 1 to 64, or `auto` for one per core
 * (at most 8); a `:memory:` state cannot be shared, so it always gets one (decision 159).
 */
export function workerCount(options: Pick<ServeOptions, 'workers' | 'databaseUrl'>): number {
  const asked = options.workers === 'auto' ? Math.min(MAX_AUTO_WORKERS, os.availableParallelism()) : parseWholeNumber('--workers', options.workers, 1, 64);
  if (options.databaseUrl === ':memory:') return 1;
  return asked;
}

/**
 * Runs the bridge until the process is asked to stop, then closes it. With more than one worker the
 * process is the cluster's primary: it starts the workers (each runs this same command and serves),
 * prints the banner once, forks again a worker that dies, and stops them all on SIGINT / SIGTERM.
 */
export async function runBridgeUntilStopped(options: ServeOptions, context: CommandContext): Promise<void> {
  if (cluster.isWorker) {
    try {
      const bridge = await startBridgeFromOptions(options, context);
      await serveClusterWorker(bridge);
      await bridge.close();
    } finally {
      // The IPC channel would keep the worker alive, also after a start-up error: once the CLI has printed it
      // and set the exit code, the worker ends.
      setTimeout(() => process.exit(), 200).unref();
      cluster.worker?.disconnect();
    }
    return;
  }
  const workers = workerCount(options);
  if (workers === 1) {
    const bridge = await startBridgeFromOptions(options, context);
    printBridgeBanner(bridge, context, options.backend);
    const signal = await untilStopped();
    context.printer.line(`${signal}: stopping the bridge`);
    await bridge.close();
    return;
  }
  if (!LOG_LEVELS.includes(options.logLevel)) throw new InvalidOptionError('--log-level', `must be one of ${LOG_LEVELS.join(', ')}, got '${options.logLevel}'`);
  const log = createBridgeLogger(options.logLevel as LevelWithSilent);
  const stopped = untilStopped();
  const bridges = await startBridgeCluster({ workers, log });
  printBridgeBanner(bridges, context, options.backend);
  context.printer.line(`  Workers:                  ${workers} processes (--workers)`);
  const signal = await stopped;
  context.printer.line(`${signal}: stopping the bridge`);
  await bridges.stop();
}
