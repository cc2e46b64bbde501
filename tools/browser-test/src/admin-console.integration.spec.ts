import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { chromiumGate } from './chromium-gate';
import { openConsoleTestBed, SCREENSHOTS_DIR as IMAGES, type ConsoleTestBed } from './console/console-test-bed';

const { run, skipped } = chromiumGate;

const DEVICE_ID = '5b0f4c7e-0000-4000-8000-0000000c0501';
const DEVICE_NAME = 'Alice field tablet';
const BOB_DEVICE = '5b0f4c7e-0000-4000-8000-0000000c0b0b';
const CAROL_DEVICE = '5b0f4c7e-0000-4000-8000-0000000cca01';
const BOB_SECOND_DEVICE = '5b0f4c7e-0000-4000-8000-0000000c0b02';

/**
 * The admin console in headless Chromium, built from its sources and served by a real bridge (one per
 * file) over the demo CRM; a real device (sync-core with connector-bridge on SQLite) syncs through the
 * same bridge. The steps run in order: each uses what the previous one left.
 */
describe('the admin console in a browser', () => {
  let bed: BridgeTestBed;
  let page: Page;
  let testBed: ConsoleTestBed;

  const syncDevice = async () => {
    const { result, status } = await testBed.syncDevice({ deviceId: DEVICE_ID, name: DEVICE_NAME });
    return { result, deviceState: status.deviceState };
  };
  const signIn = (userName: string) => testBed.signIn(userName);

  beforeAll(async () => {
    testBed = await openConsoleTestBed({ tempPrefix: 'fieldsync-console-', viewport: { width: 1280, height: 800 } });
    if (testBed.browser === undefined) return;
    ({ bed, page } = testBed);
    // Every CSP refusal on any page this test opens is kept, to show the console (charts included) needs none.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      window.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`),
      );
    });
  }, 120_000);

  afterAll(() => testBed?.close());

  run(`serves the console at /console with a strict CSP, and a deep link loads the app${skipped}`, async () => {
    const response = await fetch(`${bed.bridge.url}/console/devices/${DEVICE_ID}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).toMatch(/<script type="module" crossorigin src="\/console\/assets\/[^"]+\.js"><\/script>/);
    // No inline script: every <script> has a src.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
  });

  run(`refuses a CRM user without the admin role, saying why${skipped}`, async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on(
      'console',
      (message) => void (message.type() === 'error' && !/status of 403|Content Security Policy/.test(message.text()) && errors.push(message.text())),
    );
    await page.goto(`${bed.bridge.url}/console/`);
    await page.getByRole('heading', { name: 'Fieldsync admin console' }).waitFor();
    await page.screenshot({ path: path.join(IMAGES, 'console-sign-in.png') });
    await signIn('alice');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /alice may not use the admin console: admin operations need the System Administrator role/,
    );
    // Still on the sign-in form.
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  run(
    `signs in as the admin; the fleet shows a device that synced during the test, and one that registers while it is shown without a reload${skipped}`,
    async () => {
      const first = await syncDevice();
      expect(first.result.result).toBe('ok');
      // Two more devices that only registered; the admin locked carol's through the API.
      await bed.device('bob', BOB_DEVICE);
      await bed.device('carol', CAROL_DEVICE);
      const locked = await bed.gql(`mutation($id: String!) { lockDevice(deviceId: $id) { userErrors { code } } }`, { id: CAROL_DEVICE }, await bed.admin());
      expect(locked.data.lockDevice.userErrors).toEqual([]);
      await page.getByLabel('User name').fill('');
      await signIn('admin');
      await page.getByRole('heading', { name: 'Fleet' }).waitFor();
      const row = page.locator(`tr[data-device-id="${DEVICE_ID}"]`);
      await row.getByRole('link', { name: DEVICE_NAME }).waitFor();
      const cells = await row.locator('td').allInnerTexts();
      expect(cells).toEqual([expect.stringMatching(/^alice\b/), DEVICE_NAME, 'Android 15', '1.4.0', 'active', expect.stringMatching(/^ok\s+just now$/), '0']);
      await expect(page.getByText('Signed in as admin').isVisible()).resolves.toBe(true);
      const carol = await page.locator(`tr[data-device-id="${CAROL_DEVICE}"] td`).allInnerTexts();
      expect([carol[4], carol[5], carol[6]]).toEqual(['locked', 'never', '1']);
      await page.getByText('3 devices').waitFor();
      // Sorted by user name, then the other way.
      await page.getByRole('button', { name: 'User' }).click();
      await page.locator('th[aria-sort="ascending"]', { hasText: 'User' }).waitFor();
      expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-device-id')))).toEqual([
        DEVICE_ID,
        BOB_DEVICE,
        CAROL_DEVICE,
      ]);
      await page.getByRole('button', { name: 'User' }).click();
      await page.locator('th[aria-sort="descending"]', { hasText: 'User' }).waitFor();
      expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-device-id')))).toEqual([
        CAROL_DEVICE,
        BOB_DEVICE,
        DEVICE_ID,
      ]);
      // The state filter asks the bridge for locked devices only.
      await page.getByLabel('State').selectOption('locked');
      await page.getByText('1 device', { exact: true }).waitFor();
      expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-device-id')))).toEqual([CAROL_DEVICE]);
      await page.getByLabel('State').selectOption('');
      await page.getByText('3 devices').waitFor();
      // The search keeps matching rows only.
      await page.getByLabel('Search this page').fill('no such device');
      await page.getByText('No devices on this page match the search.').waitFor();
      await page.getByLabel('Search this page').fill('');
      await row.waitFor();
      // Live: a device that registers while the fleet is shown appears without a reload.
      await page.locator('.live-on').waitFor();
      await bed.device('bob', BOB_SECOND_DEVICE);
      await page.locator(`tr[data-device-id="${BOB_SECOND_DEVICE}"]`).waitFor();
      await page.getByText('4 devices').waitFor();
      await page.screenshot({ path: path.join(IMAGES, 'console-fleet.png'), fullPage: true });
    },
  );

  run(`locks the device from its page, and the device's next sync reports it locked${skipped}`, async () => {
    await page.getByRole('link', { name: DEVICE_NAME }).click();
    await page.getByRole('heading', { name: DEVICE_NAME }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/devices/${DEVICE_ID}`);
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Lock ordered' }).waitFor();
    const lock = page.locator('tr[data-command-kind="lock"]');
    await lock.getByText('pending').waitFor();
    expect(await lock.locator('td').nth(3).innerText()).toBe('admin');

    await page.locator('.live-on').waitFor();
    const next = await syncDevice();
    expect(next.result.result).toBe('failed');
    expect(next.result.error?.code).toBe('DEVICE_LOCKED');
    expect(next.deviceState).toBe('locked');

    // Live, no reload: the device's report of the lock and its sync show on the page.
    await lock.getByText('done').waitFor();
    await page.locator('table.syncs tbody tr').first().getByText('DEVICE_LOCKED', { exact: false }).waitFor();
    // The Refresh Mode the device reported (the demo org enables non-blocking sync).
    expect(await page.locator('table.syncs tbody tr').first().locator('td').nth(2).innerText()).toBe('non-blocking');
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    await page.locator('.title-row .badge-locked').waitFor();
    await page.screenshot({ path: path.join(IMAGES, 'console-device.png'), fullPage: true });
  });

  run(`unlocks the device and forces a full sync of the entity chosen, which its next sync runs${skipped}`, async () => {
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('status').filter({ hasText: 'Unlock ordered' }).waitFor();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'account' }).check();
    await page.getByRole('button', { name: 'Force full sync of 1 entity' }).click();
    await page.getByRole('status').filter({ hasText: 'Full sync ordered' }).waitFor();
    const forced = page.locator('tr[data-command-kind="forceFullSync"]');
    await forced.getByText('pending').waitFor();
    expect(await forced.locator('td').first().innerText()).toBe('forceFullSync account');

    const next = await syncDevice();
    expect(next.result.result).toBe('ok');
    expect(next.deviceState).toBe('active');
    expect(next.result.forcedFullSync).toEqual({ commandId: expect.any(String), discardedChanges: 0 });

    await page.getByRole('button', { name: 'Refresh' }).click();
    await forced.getByText('done').waitFor();
    expect(await page.locator('tr[data-command-kind="unlock"]').getByText('done').isVisible()).toBe(true);
  });

  run(`charts the device's real syncs (duration, records up and down, errors per sync) with no CSP refusal${skipped}`, async () => {
    const answer = await bed.gql(
      `query($id: String!) { device(deviceId: $id) { syncs(first: 50) { edges { node { syncId endedAt durationMs uploads downloaded uploadErrors success cancelled } } } } }`,
      { id: DEVICE_ID },
      await bed.admin(),
    );
    type Sync = {
      syncId: string;
      endedAt: string;
      durationMs: number;
      uploads: number;
      downloaded: number;
      uploadErrors: number;
      success: boolean;
      cancelled: boolean;
    };
    const syncs = (answer.data.device.syncs.edges as { node: Sync }[]).map(({ node }) => node).sort((a, b) => a.endedAt.localeCompare(b.endedAt));
    // ok, failed as locked, ok with the forced full sync.
    expect(syncs.map((sync) => sync.success)).toEqual([true, false, true]);
    await page.locator('.chart-duration .sync-dot').nth(2).waitFor();
    const series = (name: string) =>
      page
        .locator(`.sync-charts [data-series="${name}"]`)
        .evaluateAll((marks) => marks.map((mark) => [mark.getAttribute('data-sync-id'), Number(mark.getAttribute('data-value'))]));
    expect(await series('duration')).toEqual(syncs.map((sync) => [sync.syncId, sync.durationMs]));
    expect(await series('up')).toEqual(syncs.map((sync) => [sync.syncId, sync.uploads]));
    expect(await series('down')).toEqual(syncs.map((sync) => [sync.syncId, sync.downloaded]));
    expect(await series('upload-errors')).toEqual(syncs.map((sync) => [sync.syncId, sync.uploadErrors]));
    expect(await series('failures')).toEqual(syncs.map((sync) => [sync.syncId, sync.success || sync.cancelled ? 0 : 1]));
    // The first sync downloaded the demo data: its bar has height; the failed sync's dot is marked.
    expect(syncs[0].downloaded).toBeGreaterThan(0);
    expect(Number(await page.locator(`.chart-records [data-series="down"][data-sync-id="${syncs[0].syncId}"]`).getAttribute('height'))).toBeGreaterThan(0);
    expect(await page.locator(`.chart-duration .sync-dot-failed`).evaluateAll((dots) => dots.map((dot) => dot.getAttribute('data-sync-id')))).toEqual([
      syncs[1].syncId,
    ]);
    // Colours come from the stylesheet, and nothing was refused by the CSP.
    expect(
      await page
        .locator('.chart-records [data-series="down"]')
        .first()
        .evaluate((bar) => getComputedStyle(bar).fill),
    ).toBe('rgb(26, 127, 55)');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    await page.locator('.sync-charts').screenshot({ path: path.join(IMAGES, 'console-device-charts.png') });
  });

  run(`refreshes an access token the bridge no longer accepts, without asking to sign in again${skipped}`, async () => {
    // The bridge's clock passes the access token's lifetime; the page's does not, so the bridge refuses it first.
    bed.clock.advance(3_600_000 + 1_000);
    const refreshed = page.waitForRequest((request) => (request.postData() ?? '').includes('mutation RefreshSession'));
    const answered = page.waitForResponse((response) => (response.request().postData() ?? '').includes('query DeviceDetail') && response.status() === 200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await refreshed;
    await answered;
    await page.getByRole('heading', { name: DEVICE_NAME }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  run(`wipes the device once its name is typed${skipped}`, async () => {
    const wipe = page.getByRole('button', { name: 'Wipe device' });
    expect(await wipe.isDisabled()).toBe(true);
    await page.getByLabel('Type the device name to confirm the wipe').fill('Alice field');
    expect(await wipe.isDisabled()).toBe(true);
    await page.getByLabel('Type the device name to confirm the wipe').fill(DEVICE_NAME);
    await wipe.click();
    await page.getByRole('status').filter({ hasText: 'Wipe ordered' }).waitFor();
    await page.locator('.title-row .badge-wiped').waitFor();
    await page.locator('tr[data-command-kind="wipe"]').getByText('pending').waitFor();
  });

  run(
    `opens a device's deep link after signing in (the session lives in memory only), in dark mode when the system is dark, and signs out${skipped}`,
    async () => {
      await page.goto(`${bed.bridge.url}/console/devices/${DEVICE_ID}`);
      await signIn('admin');
      await page.getByRole('heading', { name: DEVICE_NAME }).waitFor();
      // The console follows the system's dark mode.
      const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(await background()).toBe('rgb(255, 255, 255)');
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await background()).toBe('rgb(15, 19, 24)');
      await page.screenshot({ path: path.join(IMAGES, 'console-device-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    },
  );
});
