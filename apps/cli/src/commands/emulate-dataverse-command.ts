import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { CrmStore } from '@fieldsync/crm-store';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import type { CommandContext } from '../cli/command-context';
import { DatabaseNotFoundError, InvalidOptionError } from '../errors/cli-errors';
import { parseWholeNumber } from './parse-options';
import { untilStopped } from './until-stopped';

interface EmulateDataverseOptions {
  readonly crm?: string;
  readonly records: string;
  readonly host: string;
  readonly port: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly caFile?: string;
}

/**
 * Registers `fieldsync emulate dataverse`: the Dataverse Web API emulator (with its Azure AD token
 * endpoint) over HTTPS, over an embedded CRM file or, without `--crm`, a freshly seeded demo org in a
 * temporary directory, until stopped. Prints the URLs, the tenant and authority, where the CA
 * certificate was written, and how to point msal-node at it.
 */
export function registerEmulateDataverseCommand(emulate: Command, context: CommandContext): void {
  emulate
    .command('dataverse')
    .description(
      'Serve the Dataverse Web API (Azure AD tokens, WhoAmI, metadata, OData queries, change tracking, $batch, sharing) over HTTPS over an embedded CRM file.',
    )
    .option('--crm <path>', 'embedded CRM file (see fieldsync crm seed); default: a demo org seeded into a temporary file')
    .option('--records <n>', 'records of the seeded demo org when --crm is not given', '2000')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '4400')
    .option('--tls-cert <file>', 'PEM certificate to serve (with --tls-key); default: a self-signed one for 127.0.0.1')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--ca-file <file>', 'where to write the certificate clients must trust; default: a temporary file')
    .addHelpText(
      'after',
      '\nExample:\n  fieldsync emulate dataverse --port 4400\n  fieldsync emulate dataverse --crm crm.db --port 4400 --ca-file dataverse-ca.pem',
    )
    .action(async (options: EmulateDataverseOptions) => {
      const { openCrmStore } = require('@fieldsync/crm-store') as typeof import('@fieldsync/crm-store');
      const { generateDemoOrg, seedDemoOrg } = require('@fieldsync/demo-org') as typeof import('@fieldsync/demo-org');
      const { startDataverseEmulator } = require('@fieldsync/emulator-dataverse') as typeof import('@fieldsync/emulator-dataverse');
      if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
        throw new InvalidOptionError(options.tlsCert ? '--tls-key' : '--tls-cert', 'HTTPS needs both --tls-cert and --tls-key');
      const port = parseWholeNumber('--port', options.port, 0, 65_535);
      const records = parseWholeNumber('--records', options.records, 0, 1_000_000);
      const tls =
        options.tlsCert && options.tlsKey
          ? { cert: readFileSync(path.resolve(context.io.cwd, options.tlsCert)), key: readFileSync(path.resolve(context.io.cwd, options.tlsKey)) }
          : undefined;
      const scratch = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-dataverse-'));
      let store: CrmStore | undefined;
      try {
        let file: string;
        if (options.crm !== undefined) {
          file = path.resolve(context.io.cwd, options.crm);
          if (!existsSync(file)) throw new DatabaseNotFoundError(file);
          store = await openCrmStore({ file });
        } else {
          file = path.join(scratch, 'crm.db');
          context.printer.line(`Seeding a demo org with ${records} records into ${file}`);
          store = await openCrmStore({ file });
          await seedDemoOrg(store, generateDemoOrg({ records }));
        }
        const emulator = await startDataverseEmulator({ store, host: options.host, port, ...(tls ? { tls } : {}) });
        const caFile = options.caFile !== undefined ? path.resolve(context.io.cwd, options.caFile) : path.join(scratch, 'dataverse-ca.pem');
        writeFileSync(caFile, emulator.ca);
        const { printer } = context;
        printer.line(`Dataverse emulator on ${emulator.url} over ${file}`);
        printer.line(`  Web API:    ${emulator.apiUrl}`);
        printer.line(`  tenant:     ${emulator.tenantId}`);
        printer.line(`  authority:  ${emulator.authority}`);
        printer.line(`  token:      ${emulator.authority}/oauth2/v2.0/token (scope ${emulator.scope})`);
        printer.line(`  CA file:    ${caFile}`);
        printer.line(
          `  app:        client id 'fieldsync', secret 'fieldsync-secret' (acts as the user 'admin'); users sign in with password '${DEMO_PASSWORD}'`,
        );
        printer.line(
          `  msal-node:  NODE_EXTRA_CA_CERTS=${caFile} and new ConfidentialClientApplication({ auth: { clientId: 'fieldsync', clientSecret: 'fieldsync-secret',`,
        );
        printer.line(
          `              authority: '${emulator.authority}', knownAuthorities: ['${emulator.knownAuthority}'] } }).acquireTokenByClientCredential({ scopes: ['${emulator.scope}'] })`,
        );
        printer.line('  Stop with Ctrl+C.');
        const signal = await untilStopped();
        printer.line(`${signal}: stopping the emulator`);
        await emulator.close();
      } finally {
        await store?.close();
        rmSync(scratch, { recursive: true, force: true });
      }
    });
}
