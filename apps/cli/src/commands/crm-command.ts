import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { registerCrmSeedCommand } from './crm-seed-command';
import { registerCrmStatsCommand } from './crm-stats-command';

/** Registers `fieldsync crm`, the commands on an embedded CRM file. */
export function registerCrmCommand(program: Command, context: CommandContext): void {
  const crm = program.command('crm').description('Create and inspect an embedded CRM (a SQLite file).');
  registerCrmSeedCommand(crm, context);
  registerCrmStatsCommand(crm, context);
}
