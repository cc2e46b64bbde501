import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import type { CommandContext } from '../cli/command-context';
import { DatabaseNotFoundError, InvalidOptionError } from '../errors/cli-errors';
import { registerEmulateDataverseCommand } from './emulate-dataverse-command';
import { registerEmulateGraphCommand } from './emulate-graph-command';
import { parseWholeNumber } from './parse-options';
import { untilStopped } from './until-stopped';

interface EmulateSalesforceOptions {
  readonly crm: string;
  readonly host: string;
  readonly port: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/**
 * Registers `fieldsync emulate salesforce`: the Salesforce REST emulator over an embedded CRM file,
 * until stopped, so jsforce (and the Salesforce connector) can be pointed at it.
 */
export function registerEmulateCommand(program: Command, context: CommandContext): void {
  const emulate = program.command('emulate').description('Run a CRM API emulator over an embedded CRM file (for tests and demos).');
  emulate
    .command('salesforce')
    .description('Serve the Salesforce REST API (OAuth token, query, describe, updated/deleted, sObject Collections, limits) over an embedded CRM file.')
    .requiredOption('--crm <path>', 'embedded CRM file (see fieldsync crm seed)')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '4300')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .addHelpText('after', '\nExample:\n  fieldsync crm seed --db crm.db --records 2000\n  fieldsync emulate salesforce --crm crm.db --port 4300')
    .action(async (options: EmulateSalesforceOptions) => {
      const { openCrmStore } = require('@fieldsync/crm-store') as typeof import('@fieldsync/crm-store');
      const { startSalesforceEmulator } = require('@fieldsync/emulator-salesforce') as typeof import('@fieldsync/emulator-salesforce');
      const file = path.resolve(context.io.cwd, options.crm);
      if (!existsSync(file)) throw new DatabaseNotFoundError(file);
      if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
        throw new InvalidOptionError(options.tlsCert ? '--tls-key' : '--tls-cert', 'HTTPS needs both --tls-cert and --tls-key');
      const port = parseWholeNumber('--port', options.port, 0, 65_535);
      const tls =
        options.tlsCert && options.tlsKey
          ? { cert: readFileSync(path.resolve(context.io.cwd, options.tlsCert)), key: readFileSync(path.resolve(context.io.cwd, options.tlsKey)) }
          : undefined;
      const store = await openCrmStore({ file });
      try {
        const emulator = await startSalesforceEmulator({ store, host: options.host, port, ...(tls ? { tls } : {}) });
        context.printer.line(`Salesforce emulator on ${emulator.url} (API v${emulator.apiVersion}) over ${file}`);
        context.printer.line(
          `  jsforce: new jsforce.Connection({ loginUrl: '${emulator.loginUrl}', version: '${emulator.apiVersion}' }).login('alice', '${DEMO_PASSWORD}')`,
        );
        context.printer.line('  Stop with Ctrl+C.');
        const signal = await untilStopped();
        context.printer.line(`${signal}: stopping the emulator`);
        await emulator.close();
      } finally {
        await store.close();
      }
    });
  registerEmulateDataverseCommand(emulate, context);
  registerEmulateGraphCommand(emulate, context);
}
