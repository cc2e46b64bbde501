import { processIo } from './cli/cli-io';
import { runCli } from './cli/run-cli';

// The process entry point (bin/fieldsync.js): run, then leave the exit code for Node to use.
void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
