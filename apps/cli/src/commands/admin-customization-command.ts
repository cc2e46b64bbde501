import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addAdminCommonOptions } from './admin-session-option';

type Options = import('../admin/run-admin-customization').AdminCustomizationOptions;

const FILE_HELP = 'a JSON file: the customization document ({ entities, settings, blobStoreFilter }), or a publication ({ content, roles, comment, ... })';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the options of a publication (roles, comment, minimum app version, read-only settings). */
function addPublicationOptions(command: Command): Command {
  return command
    .option(
      '--role <name[:priority]>',
      "assign to this CRM role (priority 10 by default); repeat for several; default: the file's, else the newest revision's",
      collect,
    )
    .option('--comment <text>', 'what changed, for the history')
    .option('--min-app-version <semver>', 'the oldest app version that understands it')
    .option('--settings-read-only', "devices may not change the customization's settings");
}

/** Registers `fieldsync admin customization publish|diff|dry-run FILE`: the console's customization workflow from scripts. */
export function registerAdminCustomizationCommand(admin: Command, context: CommandContext): void {
  const customization = admin.command('customization').description('Check, compare, dry-run and publish customizations.');
  const load = () => require('../admin/run-admin-customization') as typeof import('../admin/run-admin-customization');

  addAdminCommonOptions(
    customization
      .command('diff')
      .description('Validate FILE and show what differs from a published revision (entities, fields, filters, settings, blob store filter).')
      .argument('<file>', FILE_HELP)
      .option('--against <revision>', 'the revision to compare with (default: the newest)'),
  ).action((file: string, options: Options) => load().runAdminCustomizationDiff(file, options, context));

  addAdminCommonOptions(
    addPublicationOptions(
      customization
        .command('dry-run')
        .description('Show which devices publishing FILE would send to a full sync, of which entities, with how many records. Publishes nothing.')
        .argument('<file>', FILE_HELP),
    ),
  ).action((file: string, options: Options) => load().runAdminCustomizationDryRun(file, options, context));

  addAdminCommonOptions(
    addPublicationOptions(customization.command('publish').description('Validate and publish FILE as the newest revision.').argument('<file>', FILE_HELP)),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  fieldsync admin customization diff sales.json\n  fieldsync admin customization dry-run sales.json --role Salesperson:50 --json\n  fieldsync admin customization publish sales.json --role Salesperson:50 --comment "active accounts only"',
    )
    .action((file: string, options: Options) => load().runAdminCustomizationPublish(file, options, context));
}
