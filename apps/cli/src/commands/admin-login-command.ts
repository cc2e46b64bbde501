import { Option, type Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addAdminCommonOptions } from './admin-session-option';

/** Registers `fieldsync admin login` (sign in without a device, keep the session) and `fieldsync admin logout`. */
export function registerAdminLoginCommand(admin: Command, context: CommandContext): void {
  addAdminCommonOptions(
    admin
      .command('login')
      .description('Sign in to a bridge as a user holding its admin role, and keep the session in the session file (mode 0600).')
      .requiredOption('--bridge <url>', 'the bridge, e.g. https://bridge.example.com or http://127.0.0.1:4000')
      .requiredOption('--user <name>', 'an admin user name')
      .option('--password <password>', "the user's password; other users see it in ps and the shell keeps it: prefer --password-stdin or the prompt")
      .addOption(new Option('--password-stdin', 'read the password from the first line of standard input').conflicts('password'))
      .option('--ca <file>', "PEM certificate to trust for the bridge's HTTPS (a self-signed one)"),
  )
    .addHelpText(
      'after',
      '\nWithout --password or --password-stdin the password is asked for on the terminal, without echo.\n' +
        'A user without the admin role is refused (error [ADMIN_ROLE_REQUIRED], exit code 2) and nothing is kept.\n' +
        '\nExamples:\n  fieldsync admin login --bridge http://127.0.0.1:4000 --user admin\n' +
        '  printf \'%s\\n\' "$PASSWORD" | fieldsync admin login --bridge https://bridge.example.com --user admin --password-stdin --session ./admin.json',
    )
    .action(async (options: import('../admin/run-admin-login').AdminLoginOptions) => {
      const { runAdminLogin } = require('../admin/run-admin-login') as typeof import('../admin/run-admin-login');
      await runAdminLogin(options, context);
    });

  addAdminCommonOptions(admin.command('logout').description('Sign the admin session out on the bridge and delete the session file.')).action(
    async (options: { session?: string; json?: boolean }) => {
      const { runAdminLogout } = require('../admin/run-admin-login') as typeof import('../admin/run-admin-login');
      await runAdminLogout(options, context);
    },
  );
}
