import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  createDynamicsBackend,
  createSalesforceBackend,
  DemoRefusedError as BridgeDemoRefusedError,
  isLoopbackHost,
  startBackendBridge,
  startBridge,
  type LevelWithSilent,
  type ServedBridge,
} from '@fieldsync/bridge-server';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import type { CommandContext } from '../cli/command-context';
import { DemoRefusedError, InvalidOptionError } from '../errors/cli-errors';
import { createProgressReporter } from '../output/progress-reporter';
import { parseWholeNumber, parseYesNo } from './parse-options';
import { untilStopped } from './until-stopped';

/** Where `fieldsync serve` keeps its demo CRM by default, relative to the working directory. */
export const DEFAULT_CRM_FILE = path.join('.fieldsync', 'demo-crm.db');
/** How many records a new demo CRM is seeded with. */
export const DEFAULT_DEMO_RECORDS = 20_000;

/** The options of `serve` and `start`, as commander hands them over. */
export interface ServeOptions {
  readonly host: string;
  readonly port: string;
  /** `--crm` or FIELDSYNC_CRM_FILE; absent: {@link DEFAULT_CRM_FILE}, the demo's. */
  readonly crm?: string;
  readonly records: string;
  /** `--demo`: seed a missing CRM file with the demo org on any host; absent: FIELDSYNC_DEMO, else loopback only. */
  readonly demo?: boolean;
  /** `--graphiql` / `--no-graphiql`; absent: FIELDSYNC_GRAPHIQL, else on for loopback and the demo. */
  readonly graphiql?: boolean;
  readonly databaseUrl?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tokenTtl: string;
  readonly maxBody: string;
  readonly adminRole: string;
  readonly logLevel: string;
  /** `embedded` (default), `salesforce` or `dynamics`. */
  readonly backend: string;
  readonly dvEnvironmentUrl?: string;
  readonly dvTenant?: string;
  readonly dvClientId?: string;
  readonly dvClientSecret?: string;
  readonly dvAuthority?: string;
  readonly dvCa?: string;
  readonly sfLoginUrl?: string;
  readonly sfClientId?: string;
  readonly sfClientSecret?: string;
  readonly sfJwtKey?: string;
  readonly sfExternalIdField: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Adds the bridge's options, each with its environment variable, to `command`. */
export function addServeOptions(command: Command): Command {
  const env = process.env;
  return command
    .option('--host <address>', 'interface to listen on (0.0.0.0 for devices on the network) [FIELDSYNC_HOST]', env.FIELDSYNC_HOST ?? '127.0.0.1')
    .option('--port <n>', 'port to listen on [PORT]', env.PORT ?? '4000')
    .option(
      '--crm <path>',
      `embedded CRM file; when missing, created with the demo org on a loopback host or with --demo, refused elsewhere (default: ${DEFAULT_CRM_FILE}, the demo's, on a loopback host or with --demo) [FIELDSYNC_CRM_FILE]`,
      env.FIELDSYNC_CRM_FILE,
    )
    .option('--records <n>', 'business records of a new demo CRM [FIELDSYNC_DEMO_RECORDS]', env.FIELDSYNC_DEMO_RECORDS ?? String(DEFAULT_DEMO_RECORDS))
    .option('--demo', "serve the demo org (every user's password is 'demo') on any host: seed a missing --crm file with it; default: only on a loopback host [FIELDSYNC_DEMO]")
    .option('--graphiql', 'serve GraphiQL at /graphql; default: on a loopback host or with --demo [FIELDSYNC_GRAPHIQL]')
    .option('--no-graphiql', 'do not serve GraphiQL')
    .option('--database-url <url>', "bridge state: a SQLite file or a postgres:// URL (default: bridge.db beside the CRM) [DATABASE_URL]", env.DATABASE_URL)
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key) [FIELDSYNC_TLS_CERT]', env.FIELDSYNC_TLS_CERT)
    .option('--tls-key <file>', 'PEM private key of --tls-cert [FIELDSYNC_TLS_KEY]', env.FIELDSYNC_TLS_KEY)
    .option('--token-ttl <seconds>', 'access token lifetime [FIELDSYNC_TOKEN_TTL]', env.FIELDSYNC_TOKEN_TTL ?? '900')
    .option('--max-body <bytes>', 'largest request body [FIELDSYNC_MAX_BODY]', env.FIELDSYNC_MAX_BODY ?? String(8 * 1024 * 1024))
    .option('--admin-role <role>', 'CRM security role whose users may use the admin API [FIELDSYNC_ADMIN_ROLE]', env.FIELDSYNC_ADMIN_ROLE ?? 'System Administrator')
    .option('--log-level <level>', `${LOG_LEVELS.join(', ')} [LOG_LEVEL]`, env.LOG_LEVEL ?? 'info')
    .option('--backend <name>', 'the CRM behind the bridge: embedded (--crm), salesforce (--sf-*) or dynamics (--dv-*) [FIELDSYNC_BACKEND]', env.FIELDSYNC_BACKEND ?? 'embedded')
    .option('--sf-login-url <url>', 'Salesforce login URL, e.g. https://login.salesforce.com [SALESFORCE_LOGIN_URL]', env.SALESFORCE_LOGIN_URL)
    .option('--sf-client-id <key>', "the connected app's consumer key [SALESFORCE_CLIENT_ID]", env.SALESFORCE_CLIENT_ID)
    .option('--sf-client-secret <secret>', "the connected app's consumer secret (prefer the variable) [SALESFORCE_CLIENT_SECRET]", env.SALESFORCE_CLIENT_SECRET)
    .option('--sf-jwt-key <file>', 'PEM private key of the certificate the connected app holds: the bridge acts as each user by JWT bearer [SALESFORCE_JWT_KEY_FILE]', env.SALESFORCE_JWT_KEY_FILE)
    .option('--sf-external-id-field <name>', 'external-id field that makes creates idempotent [SALESFORCE_EXTERNAL_ID_FIELD]', env.SALESFORCE_EXTERNAL_ID_FIELD ?? 'Fieldsync_Id__c')
    .option('--dv-environment-url <url>', 'Dataverse environment URL, e.g. https://contoso.crm.dynamics.com [DYNAMICS_ENVIRONMENT_URL]', env.DYNAMICS_ENVIRONMENT_URL)
    .option('--dv-tenant <id>', 'Azure AD tenant id or domain [DYNAMICS_TENANT_ID]', env.DYNAMICS_TENANT_ID)
    .option('--dv-client-id <id>', "the app registration of the bridge's application user [DYNAMICS_CLIENT_ID]", env.DYNAMICS_CLIENT_ID)
    .option('--dv-client-secret <secret>', 'its client secret (prefer the variable) [DYNAMICS_CLIENT_SECRET]', env.DYNAMICS_CLIENT_SECRET)
    .option('--dv-authority <url>', 'Azure AD authority up to the tenant (default https://login.microsoftonline.com/<tenant>) [DYNAMICS_AUTHORITY]', env.DYNAMICS_AUTHORITY)
    .option('--dv-ca <file>', 'PEM certificates to trust for Dataverse and Azure AD besides the system ones [DYNAMICS_CA_FILE]', env.DYNAMICS_CA_FILE);
}

/** Starts the bridge from parsed options; the token secret comes from FIELDSYNC_TOKEN_SECRET when set. */
export async function startBridgeFromOptions(options: ServeOptions, context: CommandContext): Promise<ServedBridge> {
  if (!['embedded', 'salesforce', 'dynamics'].includes(options.backend)) throw new InvalidOptionError('--backend', `must be embedded, salesforce or dynamics, got '${options.backend}'`);
  if (!LOG_LEVELS.includes(options.logLevel)) throw new InvalidOptionError('--log-level', `must be one of ${LOG_LEVELS.join(', ')}, got '${options.logLevel}'`);
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new InvalidOptionError(options.tlsCert ? '--tls-key' : '--tls-cert', 'HTTPS needs both --tls-cert and --tls-key');
  const read = (option: string, file: string) => {
    try {
      return readFileSync(path.resolve(context.io.cwd, file));
    } catch (error) {
      throw new InvalidOptionError(option, `cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const tls = options.tlsCert && options.tlsKey ? { cert: read('--tls-cert', options.tlsCert), key: read('--tls-key', options.tlsKey) } : undefined;
  const secret = process.env.FIELDSYNC_TOKEN_SECRET;
  if (secret !== undefined && Buffer.byteLength(secret) < 32) throw new InvalidOptionError('FIELDSYNC_TOKEN_SECRET', 'must be at least 32 bytes');
  const demo = options.demo ?? parseYesNo('FIELDSYNC_DEMO', process.env.FIELDSYNC_DEMO);
  if (demo === true && options.backend !== 'embedded') throw new InvalidOptionError('--demo', `the demo org is served by the embedded backend only, not with --backend ${options.backend}`);
  const graphiql = options.graphiql ?? parseYesNo('FIELDSYNC_GRAPHIQL', process.env.FIELDSYNC_GRAPHIQL);
  // Unset, the bridge decides: on for a loopback host (and for the demo), off for one that faces the network.
  const common = {
    host: options.host,
    port: parseWholeNumber('--port', options.port, 0, 65_535),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl.includes('://') || options.databaseUrl === ':memory:' ? options.databaseUrl : path.resolve(context.io.cwd, options.databaseUrl) } : {}),
    ...(tls ? { tls } : {}),
    ...(secret ? { tokenSecret: secret } : {}),
    tokenTtlMs: parseWholeNumber('--token-ttl', options.tokenTtl, 10, 86_400) * 1000,
    maxBodyBytes: parseWholeNumber('--max-body', options.maxBody, 1024, 1024 * 1024 * 1024),
    adminRole: options.adminRole,
    logLevel: options.logLevel as LevelWithSilent,
    ...(graphiql === undefined ? {} : { graphiql }),
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
    if (options.dvAuthority !== undefined && !/^https:\/\//.test(options.dvAuthority)) throw new InvalidOptionError('--dv-authority', `not an https URL: ${options.dvAuthority}`);
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

/** Prints where the bridge answers and how to use it. */
export function printBridgeBanner(bridge: ServedBridge, context: CommandContext, backend = 'embedded'): void {
  const { printer } = context;
  printer.line(`Fieldsync bridge on ${bridge.url}${backend === 'embedded' ? '' : ` in front of ${backend}`}`);
  printer.line(bridge.graphiql ? `  GraphQL API and GraphiQL: ${bridge.url}/graphql` : `  GraphQL API:              ${bridge.url}/graphql (GraphiQL off; --graphiql serves it)`);
  printer.line(`  Health:                   ${bridge.url}/healthz`);
  if (backend === 'embedded') {
    printer.line(`  Users: alice, bob, carol (sales reps), admin (admin API); password '${DEMO_PASSWORD}'`);
    printer.line(`  A device: npx fieldsync device login --bridge ${bridge.url} --db alice.db --user alice   (asks for the password: ${DEMO_PASSWORD})`);
  } else {
    printer.line(`  A device signs in with its ${backend} user name and password: npx fieldsync device login --bridge ${bridge.url} --db me.db --user <name>   (asks for the password)`);
  }
  printer.line('  Stop with Ctrl+C.');
}

/** Runs the bridge until the process is asked to stop, then closes it. */
export async function runBridgeUntilStopped(options: ServeOptions, context: CommandContext): Promise<void> {
  const bridge = await startBridgeFromOptions(options, context);
  printBridgeBanner(bridge, context, options.backend);
  const signal = await untilStopped();
  context.printer.line(`${signal}: stopping the bridge`);
  await bridge.close();
}

/** Registers `fieldsync serve`: the bridge over the embedded CRM, until stopped. */
export function registerServeCommand(program: Command, context: CommandContext): void {
  addServeOptions(program.command('serve'))
    .description('Run the bridge: the GraphQL device and admin APIs over the embedded CRM (on loopback, or with --demo, seeded with the demo org on first start).')
    .addHelpText('after', '\nExamples:\n  fieldsync serve\n  fieldsync serve --host 0.0.0.0 --crm crm.db --tls-cert cert.pem --tls-key key.pem\n  DATABASE_URL=postgres://bridge@db/bridge fieldsync serve')
    .action((options: ServeOptions) => runBridgeUntilStopped(options, context));
}
