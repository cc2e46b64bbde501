import type { Command } from 'commander';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import type { CommandContext } from '../cli/command-context';
import { parseWholeNumber } from './parse-options';

interface CrmSeedOptions {
  readonly db: string;
  readonly records: string;
  readonly seed: string;
  readonly force?: boolean;
}

/** Registers `fieldsync crm seed`: writes a deterministic demo org into a new embedded CRM file. */
export function registerCrmSeedCommand(crm: Command, context: CommandContext): void {
  crm
    .command('seed')
    .description('Write a deterministic demo org (users, accounts, contacts, ... notes) into a new embedded CRM file.')
    .requiredOption('--db <path>', 'SQLite file of the embedded CRM to create')
    .requiredOption('--records <n>', 'number of business records to generate')
    .option('--seed <s>', 'generator seed: the same seed writes the same org', '1')
    .option('--force', 'replace the file when it exists')
    .addHelpText(
      'after',
      `\nUsers alice, bob (business unit north), carol (south) and admin sign in with password '${DEMO_PASSWORD}'.\n` +
        '\nExample:\n  fieldsync crm seed --db ./crm.db --records 20000 --seed 7',
    )
    .action(async (options: CrmSeedOptions) => {
      const { seedCrmDatabase } = require('./seed-crm-database') as typeof import('./seed-crm-database');
      const records = parseWholeNumber('--records', options.records, 0, 10_000_000);
      const seed = parseWholeNumber('--seed', options.seed, 0, 2 ** 32 - 1);
      await seedCrmDatabase({ file: options.db, records, seed, force: options.force === true }, context);
    });
}
