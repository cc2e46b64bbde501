import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findChromium } from '@fieldsync/browser-test';
import { percentile } from '../../measure/percentile';
import type { BenchFigure } from '../../report/bench-figure';
import type { Benchmark, BenchSettings } from '../../report/benchmark';
import { startBridgeProcess } from '../bridge/bridge-process';
import { FIELD_REP_PASSWORD, FIELD_REP_ROLE } from '../bridge/seed-field-reps';
import { CONSOLE_FLEET_PAGE_SIZE, consoleFleetQuery, postGraphql, signInAdmin } from './fleet-graphql';
import { FLEET_ADMIN, seedFleet } from './seed-fleet';
import { timeConsoleFleet } from './time-console-fleet';
import { walkFleetPages } from './walk-fleet-pages';

/** The built console the bench bridge serves (`findConsoleDirectory`: the repository's apps/admin-console/dist). */
const CONSOLE_DIST = path.resolve(__dirname, '../../../../../apps/admin-console/dist');

/** Targets of the fleet figures (docs/bench.md). */
export const CONSOLE_FLEET_TARGETS = {
  /** Bridge answer to one page of the fleet connection, p99, ms. */
  pageP99Ms: 100,
  /** First render of the fleet view, ms: median and slowest. */
  firstRenderMs: 1_000,
  /** A filter (search or state) to the rows shown, ms: median and slowest. */
  filterMs: 300,
  /** A device's sync report to its row changing, p99, ms. */
  liveP99Ms: 1_000,
} as const;

interface Plan {
  readonly devices: number;
  readonly users: number;
  /** Walks of the whole fleet (the first one warms up and is not counted when there are more). */
  readonly walks: number;
  readonly trivialQueries: number;
  readonly repetitions: number;
  readonly reports: number;
  readonly reporters: number;
}

const median = (values: readonly number[]) => percentile(values, 50);
const max = (values: readonly number[]) => Math.max(...values);

/** Whether the browser part may be left out: no Chromium outside CI (CI installs it, so there it fails). */
function chromiumOrSkip(settings: BenchSettings): string | undefined {
  const executablePath = findChromium();
  if (executablePath !== undefined) return executablePath;
  const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  const why = 'no chromium on the PATH; install it with apt-get install chromium, or set CHROMIUM_PATH';
  if (inCi) throw new Error(`console-fleet: ${why}`);
  settings.log(`  the browser figures are SKIPPED: ${why}`);
  return undefined;
}

async function measure(settings: BenchSettings, plan: Plan, dir: string): Promise<BenchFigure[]> {
  if (!existsSync(path.join(CONSOLE_DIST, 'index.html')))
    throw new Error(`console-fleet: the admin console is not built (${CONSOLE_DIST}); run npm run build -w @fieldsync/admin-console`);
  const executablePath = chromiumOrSkip(settings);
  const crmFile = path.join(dir, 'crm.db');
  const bridgeFile = path.join(dir, 'bridge.db');
  const seeded = await seedFleet(crmFile, bridgeFile, plan.devices, plan.users);
  const count = (state: string) => seeded.devices.filter((device) => device.state === state).length;
  settings.log(
    `  seeded ${plan.devices} devices of ${plan.users} users (${count('locked')} locked, ${count('wiped')} wiped, ${seeded.syncs} tracked syncs, ${seeded.commands} commands) through the bridge store in ${(seeded.ms / 1000).toFixed(1)} s`,
  );
  const bridge = await startBridgeProcess({ crmFile, databaseUrl: bridgeFile, customizationRoles: [FIELD_REP_ROLE] });
  try {
    const token = await signInAdmin(bridge.url, FLEET_ADMIN.userName, FLEET_ADMIN.password);
    const query = consoleFleetQuery();

    // Baseline: the same endpoint, the same admin token, a trivial query.
    const trivialMs: number[] = [];
    for (let i = 0; i < plan.trivialQueries; i++) trivialMs.push((await postGraphql(bridge.url, '{ __typename }', {}, token)).ms);

    const pageMs: number[] = [];
    let walkWallMs = 0;
    for (let walk = 0; walk < plan.walks; walk++) {
      const result = await walkFleetPages(bridge.url, token, query);
      const expected = seeded.devices.map((device) => device.deviceId);
      if (result.totalCount !== plan.devices || result.deviceIds.length !== plan.devices || result.deviceIds.some((id, i) => id !== expected[i]))
        throw new Error(`the walk saw ${result.deviceIds.length} devices (totalCount ${result.totalCount}), not the ${plan.devices} seeded in device id order`);
      settings.log(
        `  walk ${walk + 1}: ${result.pageMs.length} pages of ${CONSOLE_FLEET_PAGE_SIZE} in ${(result.wallMs / 1000).toFixed(1)} s, p50 ${median(result.pageMs).toFixed(1)} ms, p99 ${percentile(result.pageMs, 99).toFixed(1)} ms${walk === 0 && plan.walks > 1 ? ' (warm-up, not counted)' : ''}`,
      );
      if (walk === 0 && plan.walks > 1) continue;
      pageMs.push(...result.pageMs);
      walkWallMs += result.wallMs;
    }
    const label = `fleet of ${plan.devices.toLocaleString('en-US')} devices`;
    const trivialName = 'the same endpoint answering { __typename } (same admin token)';
    const figures: BenchFigure[] = [
      {
        name: `${label}: bridge answer per page of ${CONSOLE_FLEET_PAGE_SIZE}, p50`,
        value: median(pageMs),
        unit: 'ms',
        baseline: median(trivialMs),
        baselineName: trivialName,
        higherIsBetter: false,
      },
      {
        name: `${label}: bridge answer per page of ${CONSOLE_FLEET_PAGE_SIZE}, p99`,
        value: percentile(pageMs, 99),
        unit: 'ms',
        baseline: percentile(trivialMs, 99),
        baselineName: trivialName,
        higherIsBetter: false,
        targets: [{ op: '<=', limit: CONSOLE_FLEET_TARGETS.pageP99Ms }],
      },
      {
        name: `${label}: whole fleet walked page by page`,
        value: (pageMs.length * 1000) / walkWallMs,
        unit: 'pages/s',
        baseline: (trivialMs.length * 1000) / trivialMs.reduce((sum, ms) => sum + ms, 0),
        baselineName: `${trivialName}, one after the other`,
      },
    ];
    if (executablePath === undefined) return figures;

    // Baselines of the browser figures: the bridge's own answer to the page the browser waits for.
    const firstPageMs: number[] = [];
    const lockedPageMs: number[] = [];
    for (let i = 0; i < plan.repetitions * 3; i++) {
      firstPageMs.push((await postGraphql(bridge.url, query, { first: CONSOLE_FLEET_PAGE_SIZE, after: null, filter: {} }, token)).ms);
      lockedPageMs.push((await postGraphql(bridge.url, query, { first: CONSOLE_FLEET_PAGE_SIZE, after: null, filter: { state: 'locked' } }, token)).ms);
    }
    const timings = await timeConsoleFleet({
      executablePath,
      url: bridge.url,
      admin: FLEET_ADMIN,
      devices: seeded.devices,
      devicePassword: FIELD_REP_PASSWORD,
      fleetQuery: query,
      repetitions: plan.repetitions,
      reports: plan.reports,
      reporters: plan.reporters,
      log: settings.log,
    });
    const round = (values: readonly number[]) => values.map((ms) => Math.round(ms)).join(', ');
    settings.log(`  first render ms: ${round(timings.firstRenderMs)}; search ms: ${round(timings.searchMs)}; state filter ms: ${round(timings.stateFilterMs)}`);
    settings.log(
      `  live ms: p50 ${median(timings.liveMs).toFixed(0)}, p99 ${percentile(timings.liveMs, 99).toFixed(0)}, max ${max(timings.liveMs).toFixed(0)}; reportSync round trip p50 ${median(timings.reportMs).toFixed(1)} ms`,
    );
    const view = `fleet view, ${plan.devices.toLocaleString('en-US')} devices`;
    const reps = plan.repetitions;
    const firstPageName = 'the bridge answering the same first page (p50)';
    const lockedPageName = 'the bridge answering the same locked page (p50)';
    const reportName = 'the reportSync round trip alone';
    return [
      ...figures,
      {
        name: `${view}: first render, median of ${reps}`,
        value: median(timings.firstRenderMs),
        unit: 'ms',
        baseline: median(firstPageMs),
        baselineName: firstPageName,
        higherIsBetter: false,
        targets: [{ op: '<=', limit: CONSOLE_FLEET_TARGETS.firstRenderMs }],
      },
      {
        name: `${view}: first render, slowest of ${reps}`,
        value: max(timings.firstRenderMs),
        unit: 'ms',
        baseline: median(firstPageMs),
        baselineName: firstPageName,
        higherIsBetter: false,
        targets: [{ op: '<=', limit: CONSOLE_FLEET_TARGETS.firstRenderMs }],
      },
      {
        name: `${view}: search this page, median of ${reps}`,
        value: median(timings.searchMs),
        unit: 'ms',
        higherIsBetter: false,
        targets: [{ op: '<=', limit: CONSOLE_FLEET_TARGETS.filterMs }],
      },
      {
        name: `${view}: search this page, slowest of ${reps}`,
        value: max(timings.searchMs),
        unit: 'ms',
        higherIsBetter: false,
        targets: [{ op: '<=', limit: CONSOLE_FLEET_TARGETS.filterMs }],
      },
      {
        name: `${view}: state filter (locked), median of ${reps}`,
        value: median(timings.stateFilterMs),
        unit: 'ms',
        baseline: median(lockedPageMs),
        baselineName: lockedPageName,
        higherIsBetter: false,
        targets: [{ op: '<=', limit: CONSOLE_FLEET_TARGETS.filterMs }],
      },
      {
        name: `${view}: state filter (locked), slowest of ${reps}`,
        value: max(timings.stateFilterMs),
        unit: 'ms',
        baseline: median(lockedPageMs),
        baselineName: lockedPageName,
        higherIsBetter: false,
        targets: [{ op: '<=', limit: CONSOLE_FLEET_TARGETS.filterMs }],
      },
      {
        name: `${view}: live update, sync report to row changed, p50 of ${plan.reports}`,
        value: median(timings.liveMs),
        unit: 'ms',
        baseline: median(timings.reportMs),
        baselineName: `${reportName} (p50)`,
        higherIsBetter: false,
      },
      {
        name: `${view}: live update, sync report to row changed, p99 of ${plan.reports}`,
        value: percentile(timings.liveMs, 99),
        unit: 'ms',
        baseline: percentile(timings.reportMs, 99),
        baselineName: `${reportName} (p99)`,
        higherIsBetter: false,
        targets: [{ op: '<=', limit: CONSOLE_FLEET_TARGETS.liveP99Ms }],
      },
    ];
  } finally {
    await bridge.close().catch(() => undefined);
  }
}

/**
 * The admin console's fleet view over a bridge (in a child process, over the embedded CRM) whose
 * store holds 10,000 devices (500 with `--quick`) of 40 users (10): the bridge's answer per page of
 * the console's fleet query walking the whole fleet, then in headless Chromium the view's first
 * render, its search and state filter, and the live update latency from a device's sync report to its
 * row changing. Without Chromium the browser figures are skipped with a message (outside CI).
 */
export const consoleFleet: Benchmark = {
  name: 'console-fleet',
  description: "the admin console's fleet view over 10,000 devices: bridge answer per page, first render and filters in Chromium, live update latency",
  async run(settings) {
    const plan: Plan = settings.quick
      ? { devices: 500, users: 10, walks: 1, trivialQueries: 50, repetitions: 3, reports: 20, reporters: 3 }
      : { devices: 10_000, users: 40, walks: 3, trivialQueries: 400, repetitions: 10, reports: 100, reporters: 5 };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-console-fleet-'));
    try {
      return await measure(settings, plan, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
