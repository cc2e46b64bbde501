import type { Printer } from '../output/printer';
import type { CliIo } from './cli-io';

/** What every command's action gets: the io of the run and a printer over it. */
export interface CommandContext {
  readonly io: CliIo;
  readonly printer: Printer;
}
