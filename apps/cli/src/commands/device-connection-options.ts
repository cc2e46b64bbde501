import type { Command } from 'commander';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';

/** The options of the device commands that talk to the server, as commander hands them over. */
export interface DeviceConnectionOptions {
  readonly db: string;
  readonly crm: string;
  readonly user: string;
  readonly password: string;
  readonly customization?: string;
  readonly json?: boolean;
}

/** Adds `--db`, `--crm`, `--user`, `--password`, `--customization` and `--json` to a device command that syncs. */
export function addDeviceConnectionOptions(command: Command): Command {
  return command
    .requiredOption('--db <path>', 'device database file (created by the first sync)')
    .requiredOption('--crm <path>', 'embedded CRM file to sync with (see fieldsync crm seed)')
    .requiredOption('--user <name>', 'CRM user the device signs in as')
    .option('--password <password>', 'password of --user', DEMO_PASSWORD)
    .option('--customization <file>', 'customization JSON (entities, filters, conflict policies); default: the one the device stored, else every entity')
    .option('--json', 'print the sync summary as JSON');
}
