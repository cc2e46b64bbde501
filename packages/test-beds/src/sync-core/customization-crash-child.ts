/**
 * A device process for the customization crash test: it syncs `deviceFile` against the reference CRM in
 * `crmFile` with an in-memory channel that offers `document`, and kills itself with SIGKILL when the
 * customization update reaches `step`, inside its transaction. Run with the workspace's TypeScript
 * loading: `node -r tsx/cjs customization-crash-child.ts '<json arguments>'`.
 */
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore } from '@fieldsync/crm-store';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import { ManualClock } from '@fieldsync/model';
import { openSyncEngine, type MigrationStep } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { createInMemoryDeviceChannel } from '@fieldsync/sync-core/testing';

/** What the parent test passes, as JSON in the first argument. */
export interface CrashChildArguments {
  readonly crmFile: string;
  readonly deviceFile: string;
  readonly user: string;
  /** The clock, ms since epoch. */
  readonly now: number;
  readonly document: unknown;
  readonly step: MigrationStep;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as CrashChildArguments;
  const clock = new ManualClock(args.now);
  const store = await openCrmStore({ file: args.crmFile, clock });
  const channel = createInMemoryDeviceChannel({ schema: store.schema(), clock });
  channel.publish(args.document);
  const connector = createEmbeddedConnector({ store, userName: args.user, password: DEMO_PASSWORD });
  const db = await openDeviceDatabase(args.deviceFile);
  const engine = await openSyncEngine({
    db,
    connector,
    clock,
    channel,
    testHooks: {
      onCustomizationStep: (step) => {
        if (step !== args.step) return;
        process.stdout.write(`killing at ${step}\n`);
        process.kill(process.pid, 'SIGKILL');
      },
    },
  });
  const result = await engine.sync();
  // Reaching this line means the kill never happened: the parent treats it as a failure.
  process.stdout.write(`finished: ${result.result} ${JSON.stringify(result.error ?? null)}\n`);
  await connector.close();
  await db.destroy();
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
