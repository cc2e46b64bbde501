import type { Page } from 'playwright-core';
import {
  createBridgeTestBed,
  startTestPostgres,
  startTestRedis,
  type BridgeTestBed,
  type TestPostgres,
  type TestRedis,
} from '@fieldsync/bridge-server/testing';
import { chromiumGate } from './chromium-gate';
import { openConsoleTestBed, type ConsoleTestBed } from './console/console-test-bed';

const { run, skipped } = chromiumGate;

const DEVICE_ID = '5b0f4c7e-0000-4000-8000-0000000d1515';

/**
 * Two bridges on one PostgreSQL database sharing fleet events through Redis (Debian's redis-server,
 * started here): the admin console in headless Chromium is served by bridge B, and what happens on
 * bridge A shows in its fleet view without a reload. Only a missing Chromium skips it (see
 * {@link chromiumGate}); a missing PostgreSQL or redis-server fails it.
 */
describe('the fleet view of a console on one bridge, live with another bridge through Redis', () => {
  let postgres: TestPostgres | undefined;
  let redis: TestRedis | undefined;
  let testBed: ConsoleTestBed | undefined;
  let a: BridgeTestBed | undefined;
  let page: Page;

  beforeAll(async () => {
    if (chromiumGate.executablePath === undefined) return;
    postgres = await startTestPostgres();
    redis = await startTestRedis();
    const databaseUrl = await postgres.createDatabase();
    // B first: it creates the schema the two bridges share; A then finds it.
    testBed = await openConsoleTestBed({ tempPrefix: 'fieldsync-console-redis-', viewport: { width: 1280, height: 900 }, databaseUrl, redisUrl: redis.url });
    page = testBed.page;
    a = await createBridgeTestBed(databaseUrl, { redisUrl: redis.url, tokenTtlMs: 3_600_000, startAt: Date.now() });
  }, 120_000);

  afterAll(async () => {
    await testBed?.close();
    await a?.close();
    await redis?.stop();
    await postgres?.stop();
  });

  run(`shows a device registered on bridge A, then its lock ordered on A, in the fleet view served by bridge B${skipped}`, async () => {
    const b = testBed!.bed;
    const other = a!;
    await page.goto(`${b.bridge.url}/console/`);
    await testBed!.signIn('admin');
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    await page.locator('.live-on').waitFor();
    const row = page.locator(`tr[data-device-id="${DEVICE_ID}"]`);
    expect(await row.count()).toBe(0);
    // B's subscription reaches Redis before the device acts (a SUBSCRIBE is asynchronous); A has none.
    await redis!.waitForSubscribers('fleet', 1);

    await other.device('alice', DEVICE_ID);
    await row.waitFor();
    expect((await row.locator('td').allInnerTexts())[4]).toBe('active');

    const locked = await other.gql(`mutation($id: String!) { lockDevice(deviceId: $id) { userErrors { code } } }`, { id: DEVICE_ID }, await other.admin());
    expect(locked.data.lockDevice.userErrors).toEqual([]);
    await row
      .locator('td')
      .nth(4)
      .filter({ hasText: /^locked$/ })
      .waitFor();
  });
});
