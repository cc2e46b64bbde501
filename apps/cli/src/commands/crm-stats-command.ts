import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { StoreUser } from '@fieldsync/crm-store';
import type { CommandContext } from '../cli/command-context';
import { DatabaseNotFoundError, InvalidOptionError } from '../errors/cli-errors';

interface CrmStatsOptions {
  readonly db: string;
  readonly as: string;
}

/** Registers `fieldsync crm stats`: the entities of an embedded CRM file with their record counts, and its users. */
export function registerCrmStatsCommand(crm: Command, context: CommandContext): void {
  crm
    .command('stats')
    .description('Show the entities of an embedded CRM file with their record counts, and its demo users.')
    .requiredOption('--db <path>', 'SQLite file of the embedded CRM')
    .option('--as <user>', 'user whose view is counted (needs organization-wide read)', 'admin')
    .addHelpText('after', '\nExample:\n  fieldsync crm stats --db ./crm.db')
    .action(async (options: CrmStatsOptions) => {
      const { openCrmStore } = require('@fieldsync/crm-store') as typeof import('@fieldsync/crm-store');
      const { generateDemoOrg } = require('@fieldsync/demo-org') as typeof import('@fieldsync/demo-org');
      // User names looked up in the store: the demo org's users (the store has no user listing).
      const demoUserNames = generateDemoOrg({ records: 0 }).users.map((user) => user.userName);
      const file = path.resolve(context.io.cwd, options.db);
      // Opening creates a missing file, so check first: stats must never write.
      if (!existsSync(file)) throw new DatabaseNotFoundError(file);
      const store = await openCrmStore({ file });
      try {
        const viewer = await store.findUserByName(options.as);
        if (!viewer) throw new InvalidOptionError('--as', `no user '${options.as}' in ${file}`);
        const principal = await store.principalOf(viewer.id);
        const rows: [string, number][] = [];
        for (const entity of store.schema().entities) {
          const { matching } = await store.count(principal, { entity: entity.name });
          rows.push([entity.name, matching]);
        }
        const users: StoreUser[] = [];
        for (const name of new Set([...demoUserNames, options.as])) {
          const user = await store.findUserByName(name);
          if (user) users.push(user);
        }

        const { printer } = context;
        printer.line(`${file}`);
        printer.line(`organization ${await store.organizationId()}, version ${await store.currentVersion()}, counted as ${viewer.userName}`);
        printer.line();
        printer.table(['entity', 'records'], [...rows, ['total', rows.reduce((sum, [, count]) => sum + count, 0)]]);
        printer.line();
        printer.table(
          ['user', 'name', 'business unit', 'enabled'],
          users.map((user) => [user.userName, user.fullName, user.businessUnitId, user.disabled ? 'no' : 'yes']),
        );
      } finally {
        await store.close();
      }
    });
}
