import type { Command } from 'commander';

/** Adds `--session <file>` and `--json`, which every `admin` command takes. */
export function addAdminCommonOptions(command: Command): Command {
  return command
    .option('--session <file>', 'the admin session file (default: $FIELDSYNC_ADMIN_SESSION, else ~/.fieldsync/admin.json)')
    .option('--json', 'print JSON for scripts');
}
