import { Command, CommanderError } from 'commander';
import { FieldsyncError } from '@fieldsync/model';
import { registerAdminCommand } from '../commands/admin-command';
import { registerCrmCommand } from '../commands/crm-command';
import { registerDeviceCommand } from '../commands/device-command';
import { registerEmulateCommand } from '../commands/emulate-command';
import { registerStartCommand } from '../commands/start-command';
import { Printer } from '../output/printer';
import type { CliIo } from './cli-io';
import type { CommandContext } from './command-context';

/** Exit code of a run that failed with an expected, typed error (or a usage error). */
export const EXIT_EXPECTED_ERROR = 2;
/** Exit code of a run that failed unexpectedly (a bug: the stack is printed). */
export const EXIT_UNEXPECTED_ERROR = 1;

/** Builds the `fieldsync` program with every command, writing through `context`. */
export function createProgram(context: CommandContext): Command {
  const program = new Command('fieldsync')
    .description('Fieldsync: offline sync for mobile CRM. The reference CRM, the bridge and a simulated device.')
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: context.io.out, writeErr: context.io.err })
    .exitOverride();
  registerCrmCommand(program, context);
  registerDeviceCommand(program, context);
  registerStartCommand(program, context);
  registerEmulateCommand(program, context);
  registerAdminCommand(program, context);
  return program;
}

/**
 * Runs the CLI on `argv` (the arguments after the command name) and answers the exit code:
 * 0 on success, 2 when a {@link FieldsyncError} or a usage error stopped it (`error [CODE]: message`),
 * 1 for anything unexpected (printed with its stack). Never throws and never calls `process.exit`.
 * @example const code = await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '2000'], processIo());
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const printer = new Printer(io);
  const program = createProgram({ io, printer });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      return error.exitCode === 0 ? 0 : EXIT_EXPECTED_ERROR;
    }
    if (FieldsyncError.is(error)) {
      printer.error(`error [${error.code}]: ${error.message}`);
      return EXIT_EXPECTED_ERROR;
    }
    // Errors made by Node itself may come from another realm (jest), so look for a stack rather than use instanceof.
    const stack = (error as { stack?: unknown } | null)?.stack;
    printer.error(`unexpected error: ${typeof stack === 'string' ? stack : String(error)}`);
    return EXIT_UNEXPECTED_ERROR;
  }
}
