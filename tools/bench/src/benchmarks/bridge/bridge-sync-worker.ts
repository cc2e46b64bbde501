import type { BridgeFullSyncJob } from './bridge-full-sync-job';
import { runBridgeFullSync } from './run-bridge-full-sync';

// A child process of bridge-full-sync: the device's full sync through the bridge given as JSON in argv[2]; prints the result as JSON.
runBridgeFullSync(JSON.parse(process.argv[2]) as BridgeFullSyncJob)
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
