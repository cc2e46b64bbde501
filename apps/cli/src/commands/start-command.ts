import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import type { CommandContext } from '../cli/command-context';
import { parseWholeNumber } from './parse-options';
import { seedCrmDatabase } from './seed-crm-database';

/** Where `fieldsync start` keeps its demo CRM, relative to the working directory. */
export const DEFAULT_START_DB = path.join('.fieldsync', 'demo-crm.db');
/** How many records `fieldsync start` seeds the first time. */
export const DEFAULT_START_RECORDS = 20_000;

interface StartOptions {
  readonly db: string;
  readonly records: string;
}

/**
 * Registers `fieldsync start` (what `npm start` runs): creates the demo CRM once, then explains how to use
 * it. The bridge server will take this command over when it exists.
 */
export function registerStartCommand(program: Command, context: CommandContext): void {
  program
    .command('start')
    .description(
      'Prepare the local demo: seed the embedded demo CRM unless it exists. (The bridge server will run here once it exists.)',
    )
    .option('--db <path>', 'SQLite file of the demo CRM', DEFAULT_START_DB)
    .option('--records <n>', 'records to seed when the file does not exist yet', String(DEFAULT_START_RECORDS))
    .addHelpText('after', '\nExample:\n  npm start\n  fieldsync start --records 100000')
    .action(async (options: StartOptions) => {
      const records = parseWholeNumber('--records', options.records, 0, 10_000_000);
      const file = path.resolve(context.io.cwd, options.db);
      const { printer } = context;
      if (existsSync(file)) {
        printer.line(`The demo CRM already exists: ${file} (left as it is).`);
      } else {
        await seedCrmDatabase({ file, records }, context);
      }
      const shown = path.relative(context.io.cwd, file) || file;
      printer.line();
      printer.line('Next steps:');
      printer.line(`  npx fieldsync crm stats --db ${shown}          entities, counts and users`);
      printer.line(`  npx fieldsync crm seed --db ${shown} --records 100000 --force   a bigger demo org`);
      printer.line(`  Users: alice, bob (north), carol (south), admin, all with password '${DEMO_PASSWORD}'.`);
      printer.line();
      printer.line('The bridge server (device API, admin API) is not part of this build yet; when it lands,');
      printer.line('`fieldsync start` (and `npm start`) will start it over this demo CRM.');
    });
}
