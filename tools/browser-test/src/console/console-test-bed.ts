import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { createBridgeConnector } from '@fieldsync/connector-bridge';
import { openSyncEngine, type DeviceStatus, type SyncResult } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { chromiumGate } from '../chromium-gate';

const CONSOLE_DIR = path.resolve(__dirname, '../../../../apps/admin-console');

/**
 * Where screenshots go: docs/images (those of docs/admin-guide.md) with FIELDSYNC_SCREENSHOTS=1,
 * otherwise a temporary folder.
 */
export const SCREENSHOTS_DIR =
  process.env.FIELDSYNC_SCREENSHOTS === '1' ? path.resolve(__dirname, '../../../../docs/images') : path.join(os.tmpdir(), 'fieldsync-console-screenshots');

/** A device that syncs alice's data through the bridge, as the reference client does. */
export interface ConsoleTestDevice {
  readonly deviceId: string;
  readonly name: string;
}

/**
 * The admin console built from its sources, served by a real bridge over the demo CRM, and a headless
 * Chromium page on it. Without Chromium (a developer's machine; see {@link chromiumGate}) only the
 * temporary folder exists and `bed`, `browser` and `page` are unset.
 */
export interface ConsoleTestBed {
  readonly dir: string;
  readonly bed: BridgeTestBed;
  readonly browser: Browser | undefined;
  readonly page: Page;
  /** Fills the console's sign-in form for a demo user (password `demo`) and submits it. */
  signIn(userName: string): Promise<void>;
  /** Syncs the device once through the bridge as alice, and reads its status after. */
  syncDevice(device: ConsoleTestDevice): Promise<{ result: SyncResult; status: DeviceStatus }>;
  close(): Promise<void>;
}

function buildConsole(outDir: string): void {
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [CONSOLE_DIR] })), 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: CONSOLE_DIR,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}\n${built.stderr}`);
}

/**
 * Opens a {@link ConsoleTestBed} in a new temporary folder named from `tempPrefix`. The bridge's clock
 * starts now, since the device compares the administrator's dates with its own clock. Its database is
 * `databaseUrl` (default: a SQLite file in the folder), and `redisUrl` shares its fleet events.
 */
export async function openConsoleTestBed(options: {
  readonly tempPrefix: string;
  readonly viewport: { width: number; height: number };
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
}): Promise<ConsoleTestBed> {
  const dir = mkdtempSync(path.join(os.tmpdir(), options.tempPrefix));
  let bed: BridgeTestBed | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const { executablePath } = chromiumGate;
  if (executablePath !== undefined) {
    // The console as it is now (its generated operations are checked in).
    buildConsole(path.join(dir, 'console'));
    bed = await createBridgeTestBed(options.databaseUrl ?? path.join(dir, 'bridge.db'), {
      tokenTtlMs: 3_600_000,
      startAt: Date.now(),
      consoleDir: path.join(dir, 'console'),
      ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
    });
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: options.viewport });
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  }
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the console test bed has no ${name}: Chromium was not found`);
    return value;
  };
  return {
    dir,
    get bed() {
      return ready(bed, 'bridge');
    },
    browser,
    get page() {
      return ready(page, 'page');
    },
    async signIn(userName) {
      const form = ready(page, 'page');
      await form.getByLabel('User name').fill(userName);
      await form.getByLabel('Password').fill('demo');
      await form.getByRole('button', { name: 'Sign in' }).click();
    },
    async syncDevice(device) {
      const db = await openDeviceDatabase(path.join(dir, 'alice.db'));
      const connector = createBridgeConnector({
        url: ready(bed, 'bridge').bridge.url,
        userName: 'alice',
        password: 'demo',
        deviceId: device.deviceId,
        appVersion: '1.4.0',
      });
      try {
        await connector.signIn();
        await connector.registerDevice({ deviceId: device.deviceId, name: device.name, os: 'Android 15', appVersion: '1.4.0' });
        const engine = await openSyncEngine({ db, connector, channel: connector, appVersion: '1.4.0' });
        const result = await engine.sync();
        return { result, status: await engine.status() };
      } finally {
        await connector.close();
        await db.destroy();
      }
    },
    async close() {
      await browser?.close();
      await bed?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
