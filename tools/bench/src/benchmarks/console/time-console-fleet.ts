import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createBridgeConnector, type BridgeConnector } from '@fieldsync/connector-bridge';
import { CONSOLE_PAGE_SCRIPT, type ConsoleAction } from './console-page-script';
import { CONSOLE_FLEET_PAGE_SIZE } from './fleet-graphql';
import type { SeededDevice } from './seed-fleet';

/** What {@link timeConsoleFleet} measures, each list in the order taken. */
export interface ConsoleFleetTimings {
  /** "Fleet" clicked (signed in, on the loaded Settings view) to the first page of rows painted, ms (page clock). */
  readonly firstRenderMs: readonly number[];
  /** A user name typed into "Search this page" to the table showing only that user's rows, ms (page clock). */
  readonly searchMs: readonly number[];
  /** State "locked" chosen to the table showing the first page of locked devices (a new page from the bridge), ms (page clock). */
  readonly stateFilterMs: readonly number[];
  /** Just before a device's `reportSync` is sent to its row's "Last sync" badge changing in the page, ms (the system clock on both sides). */
  readonly liveMs: readonly number[];
  /** The `reportSync` mutation's own round trip, ms. */
  readonly reportMs: readonly number[];
}

/** How {@link timeConsoleFleet} runs. */
export interface ConsoleFleetPlan {
  readonly executablePath: string;
  readonly url: string;
  readonly admin: { readonly userName: string; readonly password: string };
  /** The seeded devices in connection order (by device id). */
  readonly devices: readonly SeededDevice[];
  /** The password of every device's user. */
  readonly devicePassword: string;
  /** The fleet query as the bridge walk sent it: the console's must be the same. */
  readonly fleetQuery: string;
  /** Repetitions of the first render and of each filter. */
  readonly repetitions: number;
  /** Sync reports for the live latency. */
  readonly reports: number;
  /** Devices of the first page that report, in turn. */
  readonly reporters: number;
  readonly log: (line: string) => void;
}

const ids = (devices: readonly SeededDevice[]) => devices.slice(0, CONSOLE_FLEET_PAGE_SIZE).map((device) => device.deviceId);

async function time(page: Page, action: ConsoleAction, expected: readonly string[]): Promise<number> {
  return page.evaluate(`window.__fleetBench.time(${JSON.stringify(action)}, ${JSON.stringify(expected)})`);
}

/**
 * Opens the console in headless Chromium, signs the admin in, and times the fleet view: its first
 * render, the search and the state filter, then the live update of rows while devices of the first
 * page report syncs with their own device tokens (the engine's `reportSync`).
 */
export async function timeConsoleFleet(plan: ConsoleFleetPlan): Promise<ConsoleFleetTimings> {
  const browser: Browser = await chromium.launch({ executablePath: plan.executablePath, headless: true, args: ['--no-sandbox'] });
  const connectors: BridgeConnector[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const pending = new Map<string, (at: number) => void>();
    await page.exposeBinding('__fleetBenchChanged', (_source, deviceId: string, at: number) => pending.get(deviceId)?.(at));
    const fleetRequests: Array<{ query: string; variables: { first: number } }> = [];
    page.on('request', (request) => {
      const body = request.method() === 'POST' ? request.postData() : null;
      if (body?.includes('query Fleet(')) fleetRequests.push(JSON.parse(body) as (typeof fleetRequests)[number]);
    });
    await page.goto(`${plan.url}/console/`);
    await page.getByLabel('User name').fill(plan.admin.userName);
    await page.getByLabel('Password').fill(plan.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table.fleet tbody tr[data-device-id]').first().waitFor();
    await page.evaluate(CONSOLE_PAGE_SCRIPT);
    const sent = fleetRequests[0];
    if (!sent || sent.query !== plan.fleetQuery || sent.variables.first !== CONSOLE_FLEET_PAGE_SIZE)
      throw new Error(
        'the console sent another fleet query or page size than the benchmark walks: rebuild the console (npm run build -w @fieldsync/admin-console)',
      );

    const firstPage = ids(plan.devices);
    const firstRenderMs: number[] = [];
    for (let i = 0; i < plan.repetitions; i++) {
      // From the Settings view once its answer is in (the bridge idle): the Users view would still be
      // loading every device of its users, which the fleet's first page would wait behind.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Bridge settings' }).waitFor();
      firstRenderMs.push(await time(page, { kind: 'fleet-link' }, firstPage));
    }

    const needle = plan.devices[0].userName;
    const matching = plan.devices.slice(0, CONSOLE_FLEET_PAGE_SIZE).filter((device) => device.userName === needle);
    const searchMs: number[] = [];
    for (let i = 0; i < plan.repetitions; i++) {
      searchMs.push(await time(page, { kind: 'search', value: needle }, ids(matching)));
      await time(page, { kind: 'search', value: '' }, firstPage);
    }

    const locked = ids(plan.devices.filter((device) => device.state === 'locked'));
    const stateFilterMs: number[] = [];
    for (let i = 0; i < plan.repetitions; i++) {
      stateFilterMs.push(await time(page, { kind: 'state', value: 'locked' }, locked));
      await time(page, { kind: 'state', value: '' }, firstPage);
    }

    // Live: the fleet events stream must be open before the first report.
    await page.locator('.live-on').waitFor();
    const reporters = plan.devices
      .slice(0, CONSOLE_FLEET_PAGE_SIZE)
      .filter((device) => device.state === 'active')
      .slice(0, plan.reporters);
    for (const device of reporters) {
      const connector = createBridgeConnector({
        url: plan.url,
        userName: device.userName,
        password: plan.devicePassword,
        deviceId: device.deviceId,
        appVersion: '1.4.1',
      });
      connectors.push(connector);
      await connector.signIn();
    }
    const liveMs: number[] = [];
    const reportMs: number[] = [];
    for (let i = 0; i < plan.reports; i++) {
      const index = i % reporters.length;
      const device = reporters[index];
      // Each report flips the row's badge (ok ↔ failed), so every one changes the row.
      const badge = ((await page.evaluate(`window.__fleetBench.badgeOf(${JSON.stringify(device.deviceId)})`)) as string | undefined) === 'ok' ? 'failed' : 'ok';
      await page.evaluate(`window.__fleetBench.watch(${JSON.stringify(device.deviceId)}, ${JSON.stringify(badge)})`);
      const changed = new Promise<number>((resolve) => pending.set(device.deviceId, resolve));
      const sentAt = Date.now();
      const started = performance.now();
      const endedAt = new Date().toISOString();
      await connectors[index].reportSync({
        syncId: randomUUID(),
        startedAt: new Date(Date.parse(endedAt) - 1_500).toISOString(),
        endedAt,
        durationMs: 1_500,
        type: 'incremental',
        success: badge === 'ok',
        cancelled: false,
        uploads: 0,
        uploadErrors: 0,
        retries: 0,
        downloaded: 3,
        ...(badge === 'ok' ? {} : { error: 'bench: a failed sync' }),
      });
      reportMs.push(performance.now() - started);
      liveMs.push((await changed) - sentAt);
      pending.delete(device.deviceId);
    }
    plan.log(`  live: ${plan.reports} reports by ${reporters.length} devices of the first page`);
    return { firstRenderMs, searchMs, stateFilterMs, liveMs, reportMs };
  } finally {
    for (const connector of connectors) await connector.close().catch(() => undefined);
    await browser.close();
  }
}
