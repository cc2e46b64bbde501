import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Benchmark } from '../../report/benchmark';
import { benchBridgeWorkers, EDITS_PER_ROUND, editsFor, isError, summarizeErrors, syncAll } from './bridge-many-devices';
import { startBridgeProcess } from './bridge-process';
import type { FleetDevice } from './device-fleet-protocol';
import { startDeviceFleet } from './device-fleet-process';
import { FIELD_REP_PASSWORD, FIELD_REP_ROLE, fieldRepName, seedFieldReps } from './seed-field-reps';

/** Least-squares slope of `y` over `x`. */
function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const cov = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const varX = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return varX === 0 ? 0 : cov / varX;
}

/**
 * The soak of `bridge-many-devices`, run only when named (`--only bridge-soak`): the same 200 field
 * reps (20 with `--quick`) and bridge processes, then rounds of edits and incremental syncs of every
 * device at once for 10 minutes (1 with `--quick`). The bridge's resident set (every process summed)
 * is sampled after each round; the slope is fitted over the rounds after the first fifth (the warm-up).
 */
export const bridgeSoak: Benchmark = {
  name: 'bridge-soak',
  description: 'opt-in: 200 devices syncing at once through the bridge for 10 minutes; the bridge RSS slope (MB/min) and errors',
  optIn: true,
  async run(settings) {
    const devices = settings.quick ? 20 : 200;
    const accountsPerRep = settings.quick ? 20 : 50;
    const durationMs = settings.quick ? 60_000 : 600_000;
    const workers = benchBridgeWorkers();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-bridge-soak-'));
    try {
      const crmFile = path.join(dir, 'crm.db');
      const seeded = await seedFieldReps(crmFile, devices, accountsPerRep);
      const bridge = await startBridgeProcess({ crmFile, databaseUrl: path.join(dir, 'bridge.db'), customizationRoles: [FIELD_REP_ROLE], workers });
      const fleetDevices: FleetDevice[] = Array.from({ length: devices }, (_, rep) => ({
        userName: fieldRepName(rep),
        deviceId: `soak-${fieldRepName(rep)}`,
        deviceFile: path.join(dir, `device-${fieldRepName(rep)}.db`),
      }));
      const fleet = await startDeviceFleet(
        { url: bridge.url, password: FIELD_REP_PASSWORD, devices: fleetDevices, channel: true, entity: 'account' },
        'soak fleet',
      );
      try {
        const first = (await syncAll([fleet], accountsPerRep)).rounds.flatMap((round) => round.samples);
        if (first.some(isError)) throw new Error(`the first syncs failed: ${summarizeErrors(first)}`);
        const started = performance.now();
        const points: Array<{ x: number; y: number }> = [];
        let syncs = 0;
        const errors = [];
        for (let round = 0; performance.now() - started < durationMs; round++) {
          await bridge.edit(seeded.accountIds.flatMap((ids) => editsFor(ids, round)));
          const result = await syncAll([fleet], EDITS_PER_ROUND);
          const samples = result.rounds.flatMap((fleetRound) => fleetRound.samples);
          syncs += samples.length;
          errors.push(...samples.filter(isError));
          const minutes = (performance.now() - started) / 60_000;
          points.push({ x: minutes, y: (await bridge.usage()).rssMb });
          if (round % 10 === 0)
            settings.log(`  ${minutes.toFixed(1)} min: ${syncs} syncs, bridge RSS ${Math.round(points[points.length - 1].y)} MB, errors ${errors.length}`);
        }
        const warm = points.filter((point) => point.x >= durationMs / 60_000 / 5);
        const minutes = (performance.now() - started) / 60_000;
        settings.log(
          `  ${syncs} syncs in ${minutes.toFixed(1)} min through ${workers} bridge process(es); RSS ${Math.round(points[0]?.y ?? 0)} → ${Math.round(points[points.length - 1]?.y ?? 0)} MB` +
            (errors.length > 0 ? `; errors: ${summarizeErrors(errors)}` : ''),
        );
        const label = `soak: ${devices} devices through ${workers} bridge process${workers > 1 ? 'es' : ''} for ${Math.round(minutes)} min`;
        return [
          { name: `${label}: bridge RSS slope after the warm-up`, value: slope(warm), unit: 'MB/min', higherIsBetter: false },
          { name: `${label}: bridge RSS at the end`, value: points[points.length - 1]?.y ?? 0, unit: 'MB', higherIsBetter: false },
          { name: `${label}: syncs/s`, value: (syncs * 1000) / (minutes * 60_000), unit: 'syncs/s' },
          { name: `${label}: errors`, value: errors.length, unit: 'errors', higherIsBetter: false, targets: [{ op: '<=', limit: 0 }] },
        ];
      } finally {
        await fleet.close().catch(() => undefined);
        await bridge.close().catch(() => undefined);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
