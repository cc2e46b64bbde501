import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DeviceChannel } from '@fieldsync/connector-api';
import { createBridgeConnector, GraphqlClient, type BridgeConnector } from '@fieldsync/connector-bridge';
import { openSyncEngine, type SyncEngine } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { startCountingBridgeProxy, type CountingBridgeProxy } from './counting-bridge-proxy';
import { startConformanceBridge, type ConformanceBridge } from './start-conformance-bridge';

/** alice's role, to which the customization is assigned. */
const ALICE_ROLE = 'conformance salesperson';

/** The DeviceChannel of an app built before the sync plan: the bridge connector's channel calls, without `syncPlan`. */
function channelWithoutPlan(connector: BridgeConnector): DeviceChannel {
  return {
    registerDevice: (device) => connector.registerDevice(device),
    deviceControl: () => connector.deviceControl(),
    completeCommand: (id, outcome) => connector.completeCommand(id, outcome),
    customization: (known) => connector.customization(known),
    reportSync: (report) => connector.reportSync(report),
    uploadSyncLog: (syncId, text) => connector.uploadSyncLog(syncId, text),
  };
}

describe('the requests of one sync through a real bridge', () => {
  let bridge: ConformanceBridge;
  let proxy: CountingBridgeProxy;
  let dir: string;
  const closers: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    bridge = await startConformanceBridge();
    proxy = await startCountingBridgeProxy(bridge.url);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-sync-plan-'));
    // Two entities for alice, published as the admin does (not through the proxy).
    const admin = createBridgeConnector({ url: bridge.url, userName: 'admin', password: bridge.password, clock: bridge.clock });
    const client = new GraphqlClient({ url: bridge.url });
    try {
      const token = (await admin.signIn()).accessToken;
      await client.request(
        {
          operationName: 'Publish',
          query: `mutation Publish($input: PublishCustomizationInput!) { publishCustomization(input: $input) { userErrors { code message } } }`,
          variables: {
            input: { content: { entities: [{ entity: 'account' }, { entity: 'contact' }], settings: {} }, roles: [{ role: ALICE_ROLE, priority: 1 }] },
          },
        },
        token,
      );
    } finally {
      await admin.close();
      await client.close();
    }
    await bridge.control.seed('account', [{ name: 'Contoso' }, { name: 'Fabrikam' }]);
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await proxy.close();
    await bridge.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** alice's device through the proxy, registered (not counted), with the channel `channelOf` makes of its connector. */
  async function device(deviceId: string, channelOf: (connector: BridgeConnector) => DeviceChannel): Promise<SyncEngine> {
    const connector = createBridgeConnector({ url: proxy.url, userName: 'alice', password: bridge.password, deviceId, clock: bridge.clock });
    closers.push(() => connector.close());
    await connector.registerDevice({ deviceId, name: 'phone', os: 'Android 15', appVersion: '1.4.0' });
    const db = await openDeviceDatabase(path.join(dir, `${deviceId}.db`));
    closers.push(() => db.destroy());
    const engine = await openSyncEngine({ db, connector, channel: channelOf(connector), clock: bridge.clock });
    proxy.reset();
    return engine;
  }

  it('makes one SyncPlan request where an older device makes the control, customization, WhoAmI, describe, permissions and count requests', async () => {
    const older = await device('phone-older', channelWithoutPlan);
    expect((await older.sync()).result).toBe('ok');
    expect(proxy.operations()).toEqual([
      'DeviceControl',
      'Customization',
      'WhoAmI',
      'Describe',
      'Permissions',
      'ReadPage',
      'ReadPage',
      'ReportSync',
      'UploadSyncLog',
    ]);
    proxy.reset();
    expect((await older.sync()).result).toBe('ok');
    expect(proxy.operations()).toEqual([
      'DeviceControl',
      'Customization',
      'WhoAmI',
      'Describe',
      'Permissions',
      'Count',
      'Count',
      'ReportSync',
      'UploadSyncLog',
    ]);

    const planned = await device('phone-planned', (connector) => connector);
    const first = await planned.sync();
    expect(first).toMatchObject({ result: 'ok', downloaded: 2 });
    expect(proxy.operations()).toEqual(['SyncPlan', 'ReadPage', 'ReadPage', 'ReportSync', 'UploadSyncLog']);
    proxy.reset();
    expect((await planned.sync()).result).toBe('ok');
    expect(proxy.operations()).toEqual(['SyncPlan', 'ReportSync', 'UploadSyncLog']);
  });

  it('downloads what changed after the plan counted it, and counts again itself after an upload', async () => {
    const planned = await device('phone-counts', (connector) => connector);
    expect((await planned.sync()).result).toBe('ok');
    const [id] = await bridge.control.seed('account', [{ name: 'Northwind' }]);
    proxy.reset();
    expect(await planned.sync()).toMatchObject({ result: 'ok', downloaded: 1 });
    expect(proxy.operations()).toEqual(['SyncPlan', 'ReadPage', 'ReportSync', 'UploadSyncLog']);
    // A local edit is uploaded after the plan counted: the analyzer asks again, the plan's counts being older than the upload.
    await planned.records.update('account', id, { name: 'Northwind Traders' });
    proxy.reset();
    expect((await planned.sync()).result).toBe('ok');
    expect(proxy.operations()).toEqual(['SyncPlan', 'WriteBatch', 'DeviceControl', 'Count', 'Count', 'ReadPage', 'ReportSync', 'UploadSyncLog']);
  });
});
