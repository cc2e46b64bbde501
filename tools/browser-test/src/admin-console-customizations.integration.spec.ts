import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BridgeTestBed } from '@fieldsync/bridge-server/testing';
import type { DeviceStatus } from '@fieldsync/sync-core';
import { chromiumGate } from './chromium-gate';
import { openConsoleTestBed, SCREENSHOTS_DIR as IMAGES, type ConsoleTestBed } from './console/console-test-bed';

const { run, skipped } = chromiumGate;

const DEVICE_ID = '5b0f4c7e-0000-4000-8000-0000000c5701';
const DEVICE_NAME = 'Alice route tablet';
const FILTER_LABEL = /^Sync filter of account/;
const BROKEN = `<fetch>
  <entity name="account">
    <filter type="and">
      <condition attribute="statecode" operator="eqq" value="0" />
    </filter>
  </entity>
</fetch>`;
const FIXED = BROKEN.replace('operator="eqq"', 'operator="eq"');

/**
 * The Customizations view of the admin console in headless Chromium, served by a real bridge over the
 * demo CRM, with a real device (sync-core with connector-bridge on SQLite) syncing through the same
 * bridge. The steps run in order: each uses what the previous one left.
 */
describe('customizations in the admin console', () => {
  let bed: BridgeTestBed;
  let page: Page;
  let testBed: ConsoleTestBed;
  /** Alice's accounts: all she may read, and the active ones. */
  const aliceAccounts = { all: 0, active: 0 };

  const syncDevice = () => testBed.syncDevice({ deviceId: DEVICE_ID, name: DEVICE_NAME });
  const signIn = (userName: string) => testBed.signIn(userName);

  const accountsOn = (status: DeviceStatus) => status.entities.find((entity) => entity.entity === 'account')?.records;

  beforeAll(async () => {
    testBed = await openConsoleTestBed({ tempPrefix: 'fieldsync-console-customizations-', viewport: { width: 1280, height: 900 } });
    if (testBed.browser === undefined) return;
    ({ bed, page } = testBed);
    // What the CRM holds for alice, read in full here: the figures the dry run and the device must match.
    const alice = await bed.crm.principalOf((await bed.crm.findUserByName('alice'))!.id);
    for (let afterId: string | undefined; ;) {
      const page = await bed.crm.readFull(alice, { entity: 'account', fields: ['statecode'], limit: 500, ...(afterId ? { afterId } : {}) });
      aliceAccounts.all += page.records.length;
      aliceAccounts.active += page.records.filter((record) => record.fields.statecode === 0).length;
      if (page.done) break;
      afterId = page.lastId;
    }
  }, 120_000);

  afterAll(() => testBed?.close());

  run(`refuses a CRM user without the admin role; the device syncs every account alice may read under the demo customization${skipped}`, async () => {
    await page.goto(`${bed.bridge.url}/console/customizations`);
    await signIn('alice');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/alice may not use the admin console/);
    const answer = await bed.gql(`{ checkCustomization(content: {}) { againstRevision } }`, {}, (await bed.signIn('alice')).accessToken);
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const first = await syncDevice();
    expect(first.result.result).toBe('ok');
    expect(first.status.customizationRevision).toBe(1);
    expect(aliceAccounts.active).toBeGreaterThan(0);
    expect(aliceAccounts.active).toBeLessThan(aliceAccounts.all);
    expect(accountsOn(first.status)).toBe(aliceAccounts.all);
  });

  run(`lists the revisions at their deep link and opens one in the editor${skipped}`, async () => {
    await page.getByLabel('User name').fill('');
    await signIn('admin');
    // The deep link the admin asked for is kept through the sign-in.
    await page.getByRole('heading', { name: 'Customizations' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/customizations');
    const newest = page.locator('tr[data-revision="1"]');
    expect(await newest.locator('td').nth(2).innerText()).toBe('bridge');
    await page.screenshot({ path: path.join(IMAGES, 'console-customizations.png'), fullPage: true });
    await newest.getByRole('link', { name: 'Revision 1' }).click();
    await page.getByRole('heading', { name: 'Edit customization (from revision 1)' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/customizations/1');
    await page.locator('[data-check="valid"]').waitFor();
    await expect(page.getByText('No change against revision 1.').isVisible()).resolves.toBe(true);
  });

  run(`shows a FetchXML mistake at its line and column as it is typed, and the keyboard reaches it${skipped}`, async () => {
    await page.getByRole('button', { name: 'account', exact: true }).click();
    expect(new URL(page.url()).search).toBe('?entity=account');
    const filter = page.getByLabel(FILTER_LABEL);
    await filter.fill(BROKEN);
    const column = BROKEN.split('\n')[3].indexOf('operator="eqq"') + 1;
    const issue = page.getByRole('button', { name: `Line 4, column ${column}` });
    await issue.waitFor();
    expect(await page.locator('.xml-field .issues li').first().innerText()).toMatch(new RegExp(`^Line 4, column ${column}: unknown operator 'eqq'`));
    expect(await filter.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.gutter .bad-line').allInnerTexts()).toEqual(['4\n']);
    await page.locator('[data-check="invalid"]').waitFor();
    expect(await page.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(IMAGES, 'console-customization-error.png'), fullPage: true });

    // Keyboard: Tab from the filter reaches the error's button, with a visible focus ring; Enter puts the caret at the line and column.
    await filter.focus();
    await page.keyboard.press('Tab');
    expect(await issue.evaluate((element) => document.activeElement === element)).toBe(true);
    expect(await issue.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    const caret = await filter.evaluate((element) => (document.activeElement === element ? (element as HTMLTextAreaElement).selectionStart : -1));
    expect(caret).toBe(BROKEN.split('\n').slice(0, 3).join('\n').length + 1 + column - 1);
  });

  run(`fixes the filter, shows the change against the published revision, and dry-runs it with the records the device will download${skipped}`, async () => {
    await page.getByLabel(FILTER_LABEL).fill(FIXED);
    await page.locator('[data-check="valid"]').waitFor();
    expect(await page.locator('.xml-field .issues').count()).toBe(0);
    const change = page.locator('.changes li[data-change="changed"]', { hasText: 'account' });
    await change.getByText('sync filter changed').waitFor();
    expect(await change.locator('pre[aria-label="after"] .ins').allInnerTexts()).toContain(
      '      <condition attribute="statecode" operator="eq" value="0" />\n',
    );
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
    await page.getByLabel(/^Comment/).fill('active accounts only');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `1 of 1 device will need a full sync (${aliceAccounts.active.toLocaleString('en')} records to download).` })
      .waitFor();
    const row = page.locator(`.dry-run-devices tr[data-device-id="${DEVICE_ID}"]`);
    expect(await row.locator('td').allInnerTexts()).toEqual([
      DEVICE_NAME,
      'alice',
      'revision 1',
      `account (${aliceAccounts.active.toLocaleString('en')} records)`,
      'account: sync filter changed',
    ]);
    await page.screenshot({ path: path.join(IMAGES, 'console-customization-dry-run.png'), fullPage: true });
  });

  run(
    `publishes (leaving with unpublished edits asks first), and the device picks the new customization up at its next sync: only the active accounts${skipped}`,
    async () => {
      // Leaving the page with unpublished edits asks first; once published it does not.
      const leavingAsks = () =>
        page.evaluate(() => {
          const event = new Event('beforeunload', { cancelable: true });
          window.dispatchEvent(event);
          return event.defaultPrevented;
        });
      expect(await leavingAsks()).toBe(true);
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.getByRole('status').filter({ hasText: 'Published revision 2.' }).waitFor();
      expect(await leavingAsks()).toBe(false);
      const next = await syncDevice();
      expect(next.result.result).toBe('ok');
      expect(next.status.customizationRevision).toBe(2);
      expect(accountsOn(next.status)).toBe(aliceAccounts.active);
    },
  );

  run(`rolls back to revision 1 from the list, and the device gets every account again${skipped}`, async () => {
    await page.getByRole('link', { name: 'See the revisions' }).click();
    const second = page.locator('tr[data-revision="2"]');
    await second.waitFor();
    expect(await second.locator('td').nth(4).innerText()).toBe('active accounts only');
    await page.getByRole('button', { name: 'Roll back to revision 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Rolled back to revision 1: published as revision 3.' }).waitFor();
    expect(await page.locator('tr[data-revision="3"] td').nth(4).innerText()).toBe('rollback to revision 1');
    const next = await syncDevice();
    expect(next.result.result).toBe('ok');
    expect(next.status.customizationRevision).toBe(3);
    expect(accountsOn(next.status)).toBe(aliceAccounts.all);
  });
});
