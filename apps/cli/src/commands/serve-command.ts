import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';

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
  /** `--workers` or FIELDSYNC_WORKERS: bridge processes, or `auto` for one per core (decision 159). */
  readonly workers: string;
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
  /** The Graph backend of record documents (decision 178): all of tenant, client id and secret, or none. */
  readonly graphTenant?: string;
  readonly graphClientId?: string;
  readonly graphClientSecret?: string;
  readonly graphUrl?: string;
  readonly graphAuthority?: string;
  readonly graphCa?: string;
  readonly graphOnedriveUser?: string;
}

/** The log levels `--log-level` accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Adds the bridge's options, each with its environment variable, to `command`. */
export function addServeOptions(command: Command): Command {
  const env = process.env;
  command
    .option('--host <address>', 'interface to listen on (0.0.0.0 for devices on the network) [FIELDSYNC_HOST]', env.FIELDSYNC_HOST ?? '127.0.0.1')
    .option('--port <n>', 'port to listen on [PORT]', env.PORT ?? '4000')
    .option(
      '--crm <path>',
      `embedded CRM file; when missing, created with the demo org on a loopback host or with --demo, refused elsewhere (default: ${DEFAULT_CRM_FILE}, the demo's, on a loopback host or with --demo) [FIELDSYNC_CRM_FILE]`,
      env.FIELDSYNC_CRM_FILE,
    )
    .option('--records <n>', 'business records of a new demo CRM [FIELDSYNC_DEMO_RECORDS]', env.FIELDSYNC_DEMO_RECORDS ?? String(DEFAULT_DEMO_RECORDS))
    .option(
      '--demo',
      "serve the demo org (every user's password is 'demo') on any host: seed a missing --crm file with it; default: only on a loopback host [FIELDSYNC_DEMO]",
    )
    .option('--graphiql', 'serve GraphiQL at /graphql; default: on a loopback host or with --demo [FIELDSYNC_GRAPHIQL]')
    .option('--no-graphiql', 'do not serve GraphiQL')
    .option('--database-url <url>', 'bridge state: a SQLite file or a postgres:// URL (default: bridge.db beside the CRM) [DATABASE_URL]', env.DATABASE_URL)
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key) [FIELDSYNC_TLS_CERT]', env.FIELDSYNC_TLS_CERT)
    .option('--tls-key <file>', 'PEM private key of --tls-cert [FIELDSYNC_TLS_KEY]', env.FIELDSYNC_TLS_KEY)
    .option('--token-ttl <seconds>', 'access token lifetime [FIELDSYNC_TOKEN_TTL]', env.FIELDSYNC_TOKEN_TTL ?? '900')
    .option('--max-body <bytes>', 'largest request body [FIELDSYNC_MAX_BODY]', env.FIELDSYNC_MAX_BODY ?? String(8 * 1024 * 1024))
    .option(
      '--admin-role <role>',
      'CRM security role whose users may use the admin API [FIELDSYNC_ADMIN_ROLE]',
      env.FIELDSYNC_ADMIN_ROLE ?? 'System Administrator',
    )
    .option('--log-level <level>', `${LOG_LEVELS.join(', ')} [LOG_LEVEL]`, env.LOG_LEVEL ?? 'info')
    .option(
      '--workers <n>',
      'bridge processes sharing the port and the state (Node cluster); auto: one per core (1 for a :memory: state); default 1 [FIELDSYNC_WORKERS]',
      env.FIELDSYNC_WORKERS ?? '1',
    )
    .option(
      '--backend <name>',
      'the CRM behind the bridge: embedded (--crm), salesforce (--sf-*) or dynamics (--dv-*) [FIELDSYNC_BACKEND]',
      env.FIELDSYNC_BACKEND ?? 'embedded',
    )
    .option('--sf-login-url <url>', 'Salesforce login URL, e.g. https://login.salesforce.com [SALESFORCE_LOGIN_URL]', env.SALESFORCE_LOGIN_URL)
    .option('--sf-client-id <key>', "the connected app's consumer key [SALESFORCE_CLIENT_ID]", env.SALESFORCE_CLIENT_ID)
    .option('--sf-client-secret <secret>', "the connected app's consumer secret (prefer the variable) [SALESFORCE_CLIENT_SECRET]", env.SALESFORCE_CLIENT_SECRET)
    .option(
      '--sf-jwt-key <file>',
      'PEM private key of the certificate the connected app holds: the bridge acts as each user by JWT bearer [SALESFORCE_JWT_KEY_FILE]',
      env.SALESFORCE_JWT_KEY_FILE,
    )
    .option(
      '--sf-external-id-field <name>',
      'external-id field that makes creates idempotent [SALESFORCE_EXTERNAL_ID_FIELD]',
      env.SALESFORCE_EXTERNAL_ID_FIELD ?? 'Fieldsync_Id__c',
    )
    .option(
      '--dv-environment-url <url>',
      'Dataverse environment URL, e.g. https://contoso.crm.dynamics.com [DYNAMICS_ENVIRONMENT_URL]',
      env.DYNAMICS_ENVIRONMENT_URL,
    );
  addAzureAppOptions(command, {
    flag: 'dv',
    variable: 'DYNAMICS',
    tenant: 'Azure AD tenant id or domain',
    clientId: "the app registration of the bridge's application user",
    services: 'Dataverse and Azure AD',
  });
  addAzureAppOptions(command, {
    flag: 'graph',
    variable: 'GRAPH',
    tenant: 'Azure AD tenant of the app that reads SharePoint / OneDrive documents (docs/documents.md)',
    clientId: 'its app registration (client id)',
    services: 'Graph and its Azure AD',
  });
  return command
    .option('--graph-url <url>', 'Microsoft Graph (default https://graph.microsoft.com; a fieldsync emulate graph URL to try it) [GRAPH_URL]', env.GRAPH_URL)
    .option(
      '--graph-onedrive-user <upn>',
      "the OneDrive that holds record folders when a customization's OneDrive backend names no user [GRAPH_ONEDRIVE_USER]",
      env.GRAPH_ONEDRIVE_USER,
    );
}

/** How one Microsoft backend's Azure AD app options are named and described. */
interface AzureAppOptionNames {
  /** The flags' prefix: `dv` gives `--dv-tenant`. */
  readonly flag: string;
  /** The variables' prefix: `DYNAMICS` gives `DYNAMICS_TENANT_ID`. */
  readonly variable: string;
  readonly tenant: string;
  readonly clientId: string;
  /** What `--<flag>-ca` is trusted for. */
  readonly services: string;
}

/** Adds the options of an Azure AD app (tenant, client id and secret, authority, CA file) that the bridge signs in as. */
function addAzureAppOptions(command: Command, names: AzureAppOptionNames): void {
  const env = process.env;
  const { flag, variable } = names;
  command
    .option(`--${flag}-tenant <id>`, `${names.tenant} [${variable}_TENANT_ID]`, env[`${variable}_TENANT_ID`])
    .option(`--${flag}-client-id <id>`, `${names.clientId} [${variable}_CLIENT_ID]`, env[`${variable}_CLIENT_ID`])
    .option(`--${flag}-client-secret <secret>`, `its client secret (prefer the variable) [${variable}_CLIENT_SECRET]`, env[`${variable}_CLIENT_SECRET`])
    .option(
      `--${flag}-authority <url>`,
      `Azure AD authority up to the tenant (default https://login.microsoftonline.com/<tenant>) [${variable}_AUTHORITY]`,
      env[`${variable}_AUTHORITY`],
    )
    .option(`--${flag}-ca <file>`, `PEM certificates to trust for ${names.services} besides the system ones [${variable}_CA_FILE]`, env[`${variable}_CA_FILE`]);
}

/** Registers `fieldsync serve`: the bridge over the embedded CRM, until stopped. */
export function registerServeCommand(program: Command, context: CommandContext): void {
  addServeOptions(program.command('serve'))
    .description(
      'Run the bridge: the GraphQL device and admin APIs over the embedded CRM (on loopback, or with --demo, seeded with the demo org on first start).',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  fieldsync serve\n  fieldsync serve --host 0.0.0.0 --crm crm.db --tls-cert cert.pem --tls-key key.pem\n  DATABASE_URL=postgres://bridge@db/bridge fieldsync serve',
    )
    .action(async (options: ServeOptions) => {
      const { runBridgeUntilStopped } = require('./run-bridge') as typeof import('./run-bridge');
      await runBridgeUntilStopped(options, context);
    });
}
