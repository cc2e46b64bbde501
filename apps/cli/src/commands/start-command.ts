import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addServeOptions, registerServeCommand, type ServeOptions } from './serve-command';

/**
 * Registers `fieldsync serve` and `fieldsync start` (what `npm start` runs). `start` is `serve` under
 * the name the README uses: the bridge over a demo CRM in .fieldsync/, seeded on first start.
 */
export function registerStartCommand(program: Command, context: CommandContext): void {
  registerServeCommand(program, context);
  addServeOptions(program.command('start'))
    .description('Start the demo: the bridge over a demo CRM in .fieldsync/ (seeded on first start). Same options as serve.')
    .action(async (options: ServeOptions) => {
      const { runBridgeUntilStopped } = require('./run-bridge') as typeof import('./run-bridge');
      await runBridgeUntilStopped(options, context);
    });
}
