import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile } from '../../measure/percentile';
import type { BenchFigure } from '../../report/bench-figure';
import type { Benchmark, BenchSettings } from '../../report/benchmark';
import type { BridgeHostEdit } from './bridge-host-protocol';
import { startBridgeProcess, type BridgeProcess } from './bridge-process';
import type { FleetDevice, FleetRound, SyncSample } from './device-fleet-protocol';
import { startDeviceFleet, type DeviceFleetProcess } from './device-fleet-process';
import { FIELD_REP_PASSWORD, FIELD_REP_ROLE, fieldRepName, seedFieldReps } from './seed-field-reps';

/**
 * Bridge processes of the many-devices benchmarks: FIELDSYNC_BENCH_BRIDGE_WORKERS, else what
 * `fieldsync serve --workers auto` starts here (one per core, at most 8).
 */
export function benchBridgeWorkers(): number {
  const given = Number(process.env.FIELDSYNC_BENCH_BRIDGE_WORKERS);
  return Number.isInteger(given) && given >= 1 ? given : Math.min(8, os.availableParallelism());
}

/** Target of the errors of the concurrent incremental syncs (docs/bench.md). */
export const MANY_DEVICES_ERRORS_TARGET = 0;

/**
 * Processes the simulated devices are spread over (round robin). One is enough: with 200 devices it
 * is busy under a third of a core while the bridge is the bottleneck, and two measured no better
 * (docs/bench.md).
 */
const FLEET_PROCESSES = 1;

/** Each device also uses the connector as its device channel (control, customization, tracking), as an app does. */
const WITH_CHANNEL = true;

/** Accounts edited per rep before each round, so every incremental sync has records to download. */
export const EDITS_PER_ROUND = 2;

interface Plan {
  /** Bridge processes (`fieldsync serve --workers`). */
  readonly workers: number;
  readonly devices: number;
  readonly accountsPerRep: number;
  readonly rounds: number;
  /** Rounds of the baseline: the same incremental syncs by one device alone. */
  readonly aloneRounds: number;
}

/** A device of the benchmark: which fleet holds it, and its index there. */
interface Placement {
  readonly fleet: number;
  readonly index: number;
}

/** The edits before round `round` for rep `rep`: `EDITS_PER_ROUND` of its accounts, different ones each round. */
export function editsFor(accountIds: readonly string[], round: number): BridgeHostEdit[] {
  return Array.from({ length: EDITS_PER_ROUND }, (_, j) => ({
    entity: 'account',
    id: accountIds[(round * EDITS_PER_ROUND + j) % accountIds.length],
    fields: { telephone1: `+421 round ${round}.${j}` },
  }));
}

/** Whether a sync sample failed (an error, a throw, or a download that was not what the edits made). */
export function isError(sample: SyncSample): boolean {
  return sample.outcome === 'failed' || sample.outcome === 'thrown' || sample.outcome === 'wrong-download';
}

/** The samples' errors, counted by outcome and message: `3× failed (…)`. */
export function summarizeErrors(samples: readonly SyncSample[]): string {
  const counts = new Map<string, number>();
  for (const sample of samples.filter(isError))
    counts.set(`${sample.outcome} (${sample.message})`, (counts.get(`${sample.outcome} (${sample.message})`) ?? 0) + 1);
  return [...counts].map(([what, count]) => `${count}× ${what}`).join('; ');
}

/** The mean milliseconds per step over the samples that have steps: `control 12, customization 8, …`. */
function meanSteps(samples: readonly SyncSample[]): string {
  const totals = new Map<string, number>();
  const timed = samples.filter((sample) => sample.steps);
  for (const sample of timed) for (const [step, ms] of Object.entries(sample.steps ?? {})) totals.set(step, (totals.get(step) ?? 0) + ms);
  return [...totals].map(([step, ms]) => `${step} ${Math.round(ms / timed.length)}`).join(', ');
}

/** Syncs every device of every fleet at once; answers the fleets' rounds and the wall time seen from here. */
export async function syncAll(fleets: readonly DeviceFleetProcess[], expectDownloaded: number): Promise<{ rounds: FleetRound[]; wallMs: number }> {
  const started = performance.now();
  const rounds = await Promise.all(fleets.map((fleet) => fleet.sync(undefined, expectDownloaded)));
  return { rounds, wallMs: performance.now() - started };
}

async function measure(settings: BenchSettings, plan: Plan, dir: string): Promise<BenchFigure[]> {
  const crmFile = path.join(dir, 'crm.db');
  const seeded = await seedFieldReps(crmFile, plan.devices, plan.accountsPerRep);
  settings.log(`  seeded ${plan.devices} field reps with ${plan.accountsPerRep} accounts each in ${(seeded.ms / 1000).toFixed(1)} s`);
  const bridge: BridgeProcess = await startBridgeProcess({
    crmFile,
    databaseUrl: path.join(dir, 'bridge.db'),
    customizationRoles: [FIELD_REP_ROLE],
    workers: plan.workers,
  });
  settings.log(`  bridge: ${plan.workers} process${plan.workers > 1 ? 'es (Node cluster)' : ''}, state in SQLite (WAL)`);
  const fleets: DeviceFleetProcess[] = [];
  try {
    const placements: Placement[] = [];
    const perFleet: FleetDevice[][] = Array.from({ length: FLEET_PROCESSES }, () => []);
    for (let rep = 0; rep < plan.devices; rep++) {
      const fleet = rep % FLEET_PROCESSES;
      placements.push({ fleet, index: perFleet[fleet].length });
      perFleet[fleet].push({
        userName: fieldRepName(rep),
        deviceId: `bench-${fieldRepName(rep)}`,
        deviceFile: path.join(dir, `device-${fieldRepName(rep)}.db`),
      });
    }
    let started = performance.now();
    for (const [index, devices] of perFleet.entries()) {
      fleets.push(
        await startDeviceFleet(
          { url: bridge.url, password: FIELD_REP_PASSWORD, devices, channel: WITH_CHANNEL, entity: 'account' },
          `device fleet ${index + 1}`,
        ),
      );
    }
    settings.log(`  ${plan.devices} devices opened and registered in ${FLEET_PROCESSES} process(es) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // The first (full) sync of every device, at once: not measured, but it must work.
    started = performance.now();
    const first = (await syncAll(fleets, plan.accountsPerRep)).rounds.flatMap((round) => round.samples);
    if (first.some(isError)) throw new Error(`the first syncs failed: ${summarizeErrors(first)}`);
    settings.log(
      `  first syncs of ${plan.devices} devices (${plan.accountsPerRep} accounts each) at once: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // Baseline: rep 1's device alone, the same incremental syncs one after the other.
    const alone: number[] = [];
    const aloneSamples: SyncSample[] = [];
    const { fleet: aloneFleet, index: aloneIndex } = placements[0];
    for (let round = 0; round < plan.aloneRounds; round++) {
      await bridge.edit(editsFor(seeded.accountIds[0], round));
      const [sample] = (await fleets[aloneFleet].sync([aloneIndex], EDITS_PER_ROUND)).samples;
      if (isError(sample)) throw new Error(`an incremental sync of one device alone failed: ${sample.outcome} (${sample.message})`);
      alone.push(sample.ms);
      aloneSamples.push(sample);
    }
    settings.log(
      `  one device alone, ${plan.aloneRounds} incremental syncs: ${alone.map((ms) => Math.round(ms)).join(', ')} ms (mean ms per step: ${meanSteps(aloneSamples)})`,
    );

    // Every device at once, round after round, with each rep's edits made before the round.
    const samples: SyncSample[] = [];
    let wallMs = 0;
    let fleetCpuMs = 0;
    let bridgeCpuMs = 0;
    let editMs = 0;
    for (let round = plan.aloneRounds; round < plan.aloneRounds + plan.rounds; round++) {
      const editStarted = performance.now();
      await bridge.edit(seeded.accountIds.flatMap((ids) => editsFor(ids, round)));
      editMs += performance.now() - editStarted;
      const before = await bridge.usage();
      const result = await syncAll(fleets, EDITS_PER_ROUND);
      const after = await bridge.usage();
      bridgeCpuMs += after.cpuMs - before.cpuMs;
      wallMs += result.wallMs;
      fleetCpuMs += result.rounds.reduce((sum, fleetRound) => sum + fleetRound.cpuMs, 0);
      const roundSamples = result.rounds.flatMap((fleetRound) => fleetRound.samples);
      samples.push(...roundSamples);
      settings.log(
        `  round ${round - plan.aloneRounds + 1}: ${roundSamples.length} syncs in ${Math.round(result.wallMs)} ms, p50 ${Math.round(
          percentile(
            roundSamples.map((s) => s.ms),
            50,
          ),
        )} ms, ` + `slowest ${Math.round(Math.max(...roundSamples.map((s) => s.ms)))} ms, errors ${roundSamples.filter(isError).length}`,
      );
    }
    const errors = samples.filter(isError);
    const warnings = samples.filter((sample) => sample.outcome === 'warnings');
    settings.log(
      `  ${samples.length} syncs in ${(wallMs / 1000).toFixed(1)} s (edits between rounds ${(editMs / 1000).toFixed(1)} s, not counted); CPU busy during the rounds: ` +
        `bridge${plan.workers > 1 ? ` (${plan.workers} processes)` : ''} ${Math.round((bridgeCpuMs * 100) / wallMs)}%, device fleet${FLEET_PROCESSES > 1 ? 's' : ''} ${Math.round((fleetCpuMs * 100) / wallMs)}% (of one core)` +
        `; mean ms per step: ${meanSteps(samples)}` +
        (errors.length > 0 ? `; errors: ${summarizeErrors(samples)}` : '') +
        (warnings.length > 0 ? `; ${warnings.length} with warnings (${warnings[0].message})` : ''),
    );

    // Every device holds exactly its rep's accounts, unless syncs failed (then the errors figure says so).
    const records = (await Promise.all(fleets.map((fleet) => fleet.records()))).flat();
    const wrong = records.filter((count) => count !== plan.accountsPerRep).length;
    if (wrong > 0 && errors.length === 0)
      throw new Error(`${wrong} of ${plan.devices} devices do not hold their ${plan.accountsPerRep} accounts after syncs that all answered ok`);

    for (const fleet of fleets.splice(0)) await fleet.close();
    const end = await bridge.close();
    const latencies = samples.map((sample) => sample.ms);
    const label = `${plan.devices} devices syncing at once through ${plan.workers} bridge process${plan.workers > 1 ? 'es' : ''}, ${plan.rounds} incremental syncs each`;
    const aloneName = 'one device alone, the same incremental syncs';
    return [
      {
        name: `${label}: syncs/s`,
        value: (samples.length * 1000) / wallMs,
        unit: 'syncs/s',
        baseline: 1000 / percentile(alone, 50),
        baselineName: `${aloneName} back to back`,
        targets: [{ op: '>=', limit: 100 }],
      },
      {
        name: `${label}: p50 latency`,
        value: percentile(latencies, 50),
        unit: 'ms',
        baseline: percentile(alone, 50),
        baselineName: aloneName,
        higherIsBetter: false,
      },
      {
        name: `${label}: p99 latency`,
        value: percentile(latencies, 99),
        unit: 'ms',
        baseline: percentile(alone, 99),
        baselineName: aloneName,
        higherIsBetter: false,
        targets: [{ op: '<=', limit: 2_000 }],
      },
      { name: `${label}: errors`, value: errors.length, unit: 'errors', higherIsBetter: false, targets: [{ op: '<=', limit: MANY_DEVICES_ERRORS_TARGET }] },
      {
        name: `${label}: bridge peak RSS`,
        value: end.peakRssMb,
        unit: 'MB',
        baseline: bridge.startUsage.peakRssMb,
        baselineName: plan.workers > 1 ? 'the bridge processes once listening (sum)' : 'the bridge process once listening',
        higherIsBetter: false,
      },
    ];
  } finally {
    for (const fleet of fleets) await fleet.close().catch(() => undefined);
    await bridge.close().catch(() => undefined);
  }
}

/**
 * 200 simulated devices (20 with `--quick`), each a field rep of its own with 50 accounts (20) only
 * they see, each with its own device database, syncing incrementally through a bridge of
 * {@link benchBridgeWorkers} processes in a child process, all at once, 5 rounds (3) with two of every rep's accounts edited on the server before each
 * round. The devices run in a child process of their own; their first sync is done before anything is
 * measured. Baseline: the same incremental syncs by one device alone, one after the other.
 */
export const bridgeManyDevices: Benchmark = {
  name: 'bridge-many-devices',
  description:
    'many devices syncing incrementally at once through a bridge of one process per core (a Node cluster) in a child process: syncs/s, p50/p99 latency, errors, bridge peak RSS',
  async run(settings) {
    const workers = benchBridgeWorkers();
    const plan: Plan = settings.quick
      ? { workers, devices: 20, accountsPerRep: 20, rounds: 3, aloneRounds: 5 }
      : { workers, devices: 200, accountsPerRep: 50, rounds: 5, aloneRounds: 15 };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-bridge-devices-'));
    try {
      return await measure(settings, plan, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
