import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { InvalidOptionError } from '../errors/cli-errors';
import { parseWholeNumber } from './parse-options';
import { untilStopped } from './until-stopped';

interface EmulateGraphOptions {
  readonly host: string;
  readonly port: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly caFile?: string;
}

/**
 * Registers `fieldsync emulate graph`: the Microsoft Graph emulator (with its Azure AD token endpoint)
 * over HTTPS, with a demo SharePoint site `contoso.sharepoint.com:/sites/fieldsync` (library `Documents`
 * holding one record folder) and the demo user's OneDrive with its `Fieldsync` root folder, until
 * stopped. Prints the URLs, tenant, authority, CA file and how to point the Graph client at it.
 */
export function registerEmulateGraphCommand(emulate: Command, context: CommandContext): void {
  emulate
    .command('graph')
    .description(
      'Serve Microsoft Graph (SharePoint sites and libraries, OneDrive, delta, downloads with Range, upload sessions) over HTTPS with its Azure AD token endpoint.',
    )
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '4500')
    .option('--tls-cert <file>', 'PEM certificate to serve (with --tls-key); default: a self-signed one for 127.0.0.1')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--ca-file <file>', 'where to write the certificate clients must trust; default: a temporary file')
    .addHelpText('after', '\nExample:\n  fieldsync emulate graph --port 4500 --ca-file graph-ca.pem')
    .action(async (options: EmulateGraphOptions) => {
      const { startGraphEmulator, DEFAULT_GRAPH_USERS } = require('@fieldsync/emulator-graph') as typeof import('@fieldsync/emulator-graph');
      if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
        throw new InvalidOptionError(options.tlsCert ? '--tls-key' : '--tls-cert', 'HTTPS needs both --tls-cert and --tls-key');
      const port = parseWholeNumber('--port', options.port, 0, 65_535);
      const tls =
        options.tlsCert && options.tlsKey
          ? { cert: readFileSync(path.resolve(context.io.cwd, options.tlsCert)), key: readFileSync(path.resolve(context.io.cwd, options.tlsKey)) }
          : undefined;
      const scratch = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-graph-'));
      try {
        const emulator = await startGraphEmulator({ host: options.host, port, ...(tls ? { tls } : {}) });
        const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents']);
        emulator.store.seed(emulator.store.drive(site.driveIds[0]), [
          { path: 'account/Contoso_5C1F0A527D3E4B8A9C110A2B3C4D5E6F/welcome.txt', content: 'A document of the Contoso account.\n' },
        ]);
        const user = DEFAULT_GRAPH_USERS[0];
        emulator.store.ensureFolder(emulator.store.oneDriveOf(user.id), 'Fieldsync');
        const caFile = options.caFile !== undefined ? path.resolve(context.io.cwd, options.caFile) : path.join(scratch, 'graph-ca.pem');
        writeFileSync(caFile, emulator.ca);
        const { printer } = context;
        printer.line(`Graph emulator on ${emulator.url}`);
        printer.line(`  Graph API:  ${emulator.url}/v1.0/`);
        printer.line(`  tenant:     ${emulator.tenantId}`);
        printer.line(`  authority:  ${emulator.authority}`);
        printer.line(`  token:      ${emulator.authority}/oauth2/v2.0/token (scope ${emulator.scope})`);
        printer.line(`  CA file:    ${caFile}`);
        printer.line(`  site:       contoso.sharepoint.com:/sites/fieldsync: (library 'Documents', id ${site.id})`);
        printer.line(`  OneDrive:   ${user.userName} (password '${user.password}'), root folder 'Fieldsync'`);
        printer.line(`  app:        client id 'fieldsync', secret 'fieldsync-secret'`);
        printer.line(
          `  Graph client: Client.initWithMiddleware({ baseUrl: '${emulator.url}/', customHosts: new Set(['${new URL(emulator.url).hostname}']), authProvider })`,
        );
        printer.line('  Stop with Ctrl+C.');
        const signal = await untilStopped();
        printer.line(`${signal}: stopping the emulator`);
        await emulator.close();
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
}
