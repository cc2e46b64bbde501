import type { CliIo } from '../cli/cli-io';
import { readFirstLine } from '../cli/read-first-line';
import { PasswordRequiredError } from '../errors/cli-errors';

/** Where `device login` may take the password from, as commander hands the options over. */
export interface LoginPasswordOptions {
  readonly user: string;
  /** `--password`: on the command line (seen in `ps` and kept in shell history). */
  readonly password?: string;
  /** `--password-stdin`: the first line of standard input. */
  readonly passwordStdin?: boolean;
}

/**
 * Answers the password of `device login`: `--password` as given, else the first line of standard
 * input with `--password-stdin`, else one typed at a prompt that does not echo when standard input is
 * a terminal. Throws {@link PasswordRequiredError} when none of these gives a non-empty password.
 */
export async function resolveLoginPassword(options: LoginPasswordOptions, io: CliIo): Promise<string> {
  if (options.password !== undefined) return options.password;
  if (options.passwordStdin) {
    if (!io.input) throw new PasswordRequiredError(options.user, 'this run has no standard input');
    const line = await readFirstLine(io.input);
    if (line === undefined || line === '')
      throw new PasswordRequiredError(options.user, line === undefined ? 'standard input ended before a line' : 'the first line of standard input is empty');
    return line;
  }
  if (!io.promptSecret) throw new PasswordRequiredError(options.user, 'none given, and standard input is not a terminal to ask on');
  let typed: string;
  try {
    typed = await io.promptSecret(`Password for ${options.user}: `);
  } catch (error) {
    // `read` rejects with 'canceled' on Ctrl+C at the prompt.
    throw new PasswordRequiredError(options.user, `the prompt ended (${(error as Error).message})`);
  }
  if (typed === '') throw new PasswordRequiredError(options.user, 'an empty one was typed');
  return typed;
}
