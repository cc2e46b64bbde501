/**
 * The `fieldsync` command for crash tests: runs the CLI on the arguments after the first, and kills
 * its own process with SIGKILL when the sync reaches the planned point for the planned time, so that a
 * kill lands at the same place on any machine. Prints `killed at <point> #<n>` just before (stdout is a
 * pipe: the write is synchronous). The crash spec runs it bundled (`buildKillChild`); from the sources:
 * `node --require tsx/cjs kill-at-sync-point.ts '<json plan>' device sync ...` (or `device apply ...`).
 */
import type { SyncPoint, SyncPointName } from '@fieldsync/sync-core';
import { processIo } from '../cli/cli-io';
import { runCli } from '../cli/run-cli';

/**
 * Where the process dies: the `occurrence`-th time the sync reaches a point named `name` (of `step`,
 * when given); `apply-swapped` is Apply Update's point, inside its transaction after each staged entity
 * is swapped in (`device apply`).
 */
export interface KillPlan {
  readonly name: SyncPointName | 'apply-swapped';
  readonly step?: string;
  readonly occurrence: number;
}

const plan = JSON.parse(process.argv[2] ?? '{}') as KillPlan;
let seen = 0;
const onSyncPoint = (point: SyncPoint): void => {
  if (point.name !== plan.name || (plan.step !== undefined && point.step !== plan.step)) return;
  seen += 1;
  if (seen !== plan.occurrence) return;
  process.stdout.write(`killed at ${point.name}${point.name === 'step' ? `:${point.step}` : ''} #${seen}${point.entity ? ` (${point.entity})` : ''}\n`);
  process.kill(process.pid, 'SIGKILL');
};

const onApplyPoint = (point: { entity: string; index: number }): void => {
  if (plan.name !== 'apply-swapped') return;
  seen += 1;
  if (seen !== plan.occurrence) return;
  process.stdout.write(`killed at apply-swapped #${seen} (${point.entity})\n`);
  process.kill(process.pid, 'SIGKILL');
};

void runCli(process.argv.slice(3), { ...processIo(), syncTestHooks: { onSyncPoint, onApplyPoint } }).then((code) => {
  process.exitCode = code;
});
