import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { chromiumGate } from './chromium-gate';
import { openConsoleTestBed, SCREENSHOTS_DIR as IMAGES, type ConsoleTestBed } from './console/console-test-bed';

const { run, skipped } = chromiumGate;

const DEVICE_ID = '5b0f4c7e-0000-4000-8000-0000000d1501';
const DEVICE_NAME = 'Alice field phone';

/**
 * The Users and Settings views of the admin console in headless Chromium, served by a real bridge over
 * the demo CRM (its users and roles), with a real device signing in and syncing as alice during the
 * test. The steps run in order: each uses what the previous one left.
 */
describe('users and settings in the admin console', () => {
  let bed: BridgeTestBed;
  let page: Page;
  let testBed: ConsoleTestBed;

  beforeAll(async () => {
    testBed = await openConsoleTestBed({ tempPrefix: 'fieldsync-console-directory-', viewport: { width: 1280, height: 900 } });
    if (testBed.browser === undefined) return;
    ({ bed, page } = testBed);
  }, 120_000);

  afterAll(() => testBed?.close());

  /** A setting's value as the admin API reads it now. */
  const settingValue = async (name: string) =>
    ((await bed.gql(`{ settings { name value } }`, {}, await bed.admin())).data.settings as { name: string; value: unknown }[]).find(
      (setting) => setting.name === name,
    )?.value;
  const field = (name: string) => page.locator(`.setting-field[data-setting="${name}"]`);

  run(`lists the CRM users at their deep link, found by a search, with their roles and the device that signed in during the test${skipped}`, async () => {
    const synced = await testBed.syncDevice({ deviceId: DEVICE_ID, name: DEVICE_NAME });
    expect(synced.result.result).toBe('ok');
    const alice = (await bed.crm.findUserByName('alice'))!;
    const aliceRoles = await bed.crm.roleNamesOf(alice.id);
    expect(aliceRoles.length).toBeGreaterThan(0);

    await page.goto(`${bed.bridge.url}/console/users`);
    await testBed.signIn('admin');
    await page.getByRole('heading', { name: 'Users and roles' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/users');
    // Every CRM user is listed (one page holds the demo org), with the roles the CRM gives them.
    const everyone = (await bed.crm.listUsers()).map((user) => user.userName);
    await page.locator(`tr[data-user-id="${alice.id}"]`).waitFor();
    expect(await page.locator('table.users tbody tr td:first-child a').allInnerTexts()).toEqual(everyone);
    await page.screenshot({ path: path.join(IMAGES, 'console-users.png'), fullPage: true });

    await page.getByLabel('Search users').fill('ALI');
    await page.locator('table.users tbody tr').filter({ hasNotText: 'alice' }).first().waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-user-id="${alice.id}"]`);
    expect(await row.locator('td').allInnerTexts()).toEqual(['alice', alice.fullName, aliceRoles.join(', '), `${DEVICE_NAME} active`]);
    await page.getByLabel('Search users').fill('nobody-by-this-name');
    await page.getByText('No users match “nobody-by-this-name”.').waitFor();
    await page.getByLabel('Search users').fill('alice');
    await row.waitFor();

    // The user's own page, by a link and by its deep link, then the device's page from it.
    await row.getByRole('link', { name: 'alice', exact: true }).click();
    await page.getByRole('heading', { name: 'alice', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/users/${encodeURIComponent(alice.id)}`);
    const deviceRow = page.locator(`table.user-devices tr[data-device-id="${DEVICE_ID}"]`);
    expect((await deviceRow.locator('td').allInnerTexts()).slice(0, 4)).toEqual([DEVICE_NAME, 'Android 15', '1.4.0', 'active']);
    await page.screenshot({ path: path.join(IMAGES, 'console-user.png'), fullPage: true });
    await deviceRow.getByRole('link', { name: DEVICE_NAME }).click();
    await page.getByRole('heading', { name: DEVICE_NAME }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/devices/${DEVICE_ID}`);
    // The device's page links back to its user.
    await page.locator('.facts').getByRole('link', { name: 'alice', exact: true }).click();
    await page.getByRole('heading', { name: 'alice', exact: true }).waitFor();
    await page.goto(`${bed.bridge.url}/console/users/no-such-user`);
    await testBed.signIn('admin');
    await page.getByText('No user no-such-user in the CRM.').waitFor();
  });

  run(`refuses a bad value beside its field and changes nothing; the keyboard reaches the field and Save${skipped}`, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Bridge settings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/settings');
    const pageSize = page.getByLabel('maxPageSize', { exact: true });
    const window = page.getByLabel('signInWindowSeconds', { exact: true });
    expect(await pageSize.inputValue()).toBe('5000');
    await expect(field('maxPageSize').locator('.muted').innerText()).resolves.toBe('Largest page of records a device may read. From 1 to 5000; default 5000.');

    // Checked as typed: out of range, and not an integer.
    await pageSize.fill('9000');
    await window.fill('2.5');
    expect(await pageSize.getAttribute('aria-invalid')).toBe('true');
    await expect(field('maxPageSize').locator('.error').innerText()).resolves.toBe('maxPageSize must be an integer from 1 to 5000');

    // Save by the keyboard: the bridge refuses both, says so beside each field, and the first refused field (in the page's order) gets the focus.
    await window.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Nothing was saved: 2 values were refused.' }).waitFor();
    await expect(field('signInWindowSeconds').locator('.error').innerText()).resolves.toBe('signInWindowSeconds must be an integer from 10 to 86400, not 2.5');
    await expect(field('maxPageSize').locator('.error').innerText()).resolves.toBe('maxPageSize must be an integer from 1 to 5000');
    expect(await window.evaluate((element) => document.activeElement === element)).toBe(true);
    expect(await pageSize.getAttribute('aria-describedby')).toBe('setting-maxPageSize-error setting-maxPageSize-hint');
    // The typed values stay for the admin to fix; the bridge kept its own.
    expect(await pageSize.inputValue()).toBe('9000');
    expect(await settingValue('maxPageSize')).toBe(5000);
    expect(await settingValue('signInWindowSeconds')).toBe(900);
    await page.screenshot({ path: path.join(IMAGES, 'console-settings-error.png'), fullPage: true });

    // Tab reaches Save with a visible focus ring.
    await page.getByLabel('syncTrackingRetentionDays', { exact: true }).focus();
    await page.keyboard.press('Tab');
    const save = page.getByRole('button', { name: 'Save' });
    expect(await save.evaluate((element) => document.activeElement === element)).toBe(true);
    expect(await save.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');

    await page.getByRole('button', { name: 'Undo changes' }).click();
    expect(await pageSize.inputValue()).toBe('5000');
    expect(await field('maxPageSize').locator('.error').count()).toBe(0);
  });

  run(`saves a good value, which the bridge reads back after a reload, in dark mode when the system is dark${skipped}`, async () => {
    const days = page.getByLabel('inactiveDeviceDays', { exact: true });
    await days.fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved inactiveDeviceDays.' }).waitFor();
    expect(await settingValue('inactiveDeviceDays')).toBe(30);

    // A reload signs out (the session lives in memory); the deep link is kept through the sign-in.
    await page.reload();
    await testBed.signIn('admin');
    await page.getByRole('heading', { name: 'Bridge settings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/settings');
    expect(await page.getByLabel('inactiveDeviceDays', { exact: true }).inputValue()).toBe('30');
    await page.screenshot({ path: path.join(IMAGES, 'console-settings.png'), fullPage: true });

    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(15, 19, 24)');
    await page.screenshot({ path: path.join(IMAGES, 'console-settings-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
