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

  it('refuses in each part what its own operation refuses, and the whole plan without a valid token', async () => {
    const client = new GraphqlClient({ url: bridge.url });
    closers.push(() => client.close());
    const request = {
      operationName: 'SyncPlan',
      query: `mutation SyncPlan($input: SyncPlanInput!) { syncPlan(input: $input) {
        control { state } controlError { code } customization { revision } customizationError { code }
        whoAmI { userName } permissions described schema counts { counts { matching } error { code } } } }`,
      variables: {
        input: {
          describe: ['account'],
          counts: [
            { entity: 'account', since: 'not-an-anchor' },
            { entity: 'nosuchentity', since: 'x' },
          ],
        },
      },
    };
    await expect(client.request(request)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // The admin console's session has no device: no orders, as deviceControl refuses it; the rest is the admin's own.
    const admin = createBridgeConnector({ url: bridge.url, userName: 'admin', password: bridge.password, clock: bridge.clock });
    closers.push(() => admin.close());
    const token = (await admin.signIn()).accessToken;
    const answer = (await client.request(request, token)).syncPlan as Record<string, unknown>;
    expect(answer).toMatchObject({ control: null, controlError: { code: 'FORBIDDEN' }, customization: null, customizationError: { code: 'NO_CUSTOMIZATION' } });
    expect(answer.whoAmI).toEqual({ userName: 'admin' });
    const separately = async (entity: string, since: string) => {
      const query = `query Count($entity: String!, $since: String) { count(entity: $entity, since: $since) { matching } }`;
      const refused = await client.request({ operationName: 'Count', query, variables: { entity, since } }, token).catch((error: { code: string }) => error);
      return (refused as { code?: string }).code;
    };
    expect((answer.counts as { error: { code: string } | null }[]).map((count) => count.error?.code)).toEqual([
      await separately('account', 'not-an-anchor'),
      await separately('nosuchentity', 'x'),
    ]);
    expect(await separately('nosuchentity', 'x')).toBe('UNKNOWN_ENTITY');
  });
});
