import { describeEachBridgeStore } from '@fieldsync/bridge-store/testing';
import { createBridgeTestBed, type BridgeTestBed } from './testing/bridge-test-bed';

const DEVICE_FIELDS = `deviceId name os appVersion state lastSyncAt user { userName } commands { kind status issuedBy deliveredAt completedAt message }`;

describeEachBridgeStore('admin API on $name', (backend) => {
  let bed: BridgeTestBed;

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    bed = await createBridgeTestBed(await backend.freshUrl());
  });
  afterEach(() => bed.close());

  it('lists devices as a Relay connection, filtered by user, state and days without a sync', async () => {
    await bed.device('alice', 'alice-phone');
    await bed.device('alice', 'alice-tablet');
    await bed.device('bob', 'bob-phone');
    const report = (syncId: string, startedAt: string) => ({
      input: {
        syncId,
        startedAt,
        endedAt: startedAt,
        durationMs: 1200,
        type: 'incremental',
        success: true,
        cancelled: false,
        uploads: 3,
        uploadErrors: 0,
        retries: 0,
        downloaded: 40,
      },
    });
    bed.clock.advance(10 * 86_400_000);
    const alice = (await bed.signIn('alice', 'alice-phone')).accessToken;
    const synced = await bed.gql(
      `mutation($input: SyncTrackingInput!) { reportSync(input: $input) { sync { syncId type downloaded } userErrors { field } } }`,
      report('s1', new Date(bed.clock.now()).toISOString()),
      alice,
    );
    expect(synced.data.reportSync).toEqual({ sync: { syncId: 's1', type: 'incremental', downloaded: 40 }, userErrors: [] });
    const admin = await bed.admin();
    const page = async (variables: Record<string, unknown>) =>
      (
        await bed.gql(
          `query($first: Int, $after: String, $filter: DeviceFilter) { devices(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { deviceId } } } }`,
          variables,
          admin,
        )
      ).data.devices;
    const first = await page({ first: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page({ first: 2, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasNextPage).toBe(false);
    const all = [...first.edges, ...second.edges].map((edge: { node: { deviceId: string } }) => edge.node.deviceId);
    expect(all.sort()).toEqual(['alice-phone', 'alice-tablet', 'bob-phone']);
    const aliceId = (await bed.crm.findUserByName('alice'))!.id;
    expect((await page({ filter: { userId: aliceId } })).totalCount).toBe(2);
    const stale = await page({ filter: { notSyncedForDays: 7 } });
    expect(stale.edges.map((edge: { node: { deviceId: string } }) => edge.node.deviceId).sort()).toEqual(['alice-tablet', 'bob-phone']);
    await bed.gql(`mutation { lockDevice(deviceId: "bob-phone") { userErrors { code } } }`, {}, admin);
    expect((await page({ filter: { state: 'locked' } })).edges.map((edge: { node: { deviceId: string } }) => edge.node.deviceId)).toEqual(['bob-phone']);
    const bad = await bed.gql(`{ devices(first: 501) { totalCount } }`, {}, admin);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'first' } });
  });

  it('runs device commands through pending, delivered and done, with who issued them and when', async () => {
    const phone = await bed.device('alice', 'alice-phone');
    const admin = await bed.admin();
    const locked = await bed.gql(
      `mutation { lockDevice(deviceId: "alice-phone") { command { id kind status issuedBy issuedAt } device { state } userErrors { code } } }`,
      {},
      admin,
    );
    const command = locked.data.lockDevice.command;
    expect(command).toMatchObject({ kind: 'lock', status: 'pending', issuedBy: 'admin', issuedAt: '2026-11-23T09:00:00.000Z' });
    expect(locked.data.lockDevice.device.state).toBe('locked');
    expect((await bed.gql(`mutation { lockDevice(deviceId: "alice-phone") { userErrors { field code } } }`, {}, admin)).data.lockDevice.userErrors).toEqual([
      { field: 'deviceId', code: 'ALREADY_LOCKED' },
    ]);
    const forced = await bed.gql(
      `mutation { forceFullSync(deviceId: "alice-phone", entities: ["account", "contact"], discardLocalChanges: false) { command { id parameters { entities discardLocalChanges } } userErrors { code } } }`,
      {},
      admin,
    );
    expect(forced.data.forceFullSync.command.parameters).toEqual({ entities: ['account', 'contact'], discardLocalChanges: false });
    const unknown = await bed.gql(
      `mutation { forceFullSync(deviceId: "alice-phone", entities: ["account", "spaceship"], discardLocalChanges: true) { command { id } userErrors { field code } } }`,
      {},
      admin,
    );
    expect(unknown.data.forceFullSync).toEqual({ command: null, userErrors: [{ field: 'entities[1]', code: 'UNKNOWN_ENTITY' }] });
    bed.clock.advance(60_000);
    const control = await bed.gql(
      `mutation { deviceControl { state forceFullSync { commandId entities discardLocalChanges } pendingCommands { id kind status } } }`,
      {},
      phone,
    );
    expect(control.data.deviceControl).toEqual({
      state: 'locked',
      forceFullSync: { commandId: forced.data.forceFullSync.command.id, entities: ['account', 'contact'], discardLocalChanges: false },
      pendingCommands: [
        { id: command.id, kind: 'lock', status: 'delivered' },
        { id: forced.data.forceFullSync.command.id, kind: 'forceFullSync', status: 'delivered' },
      ],
    });
    const done = await bed.gql(
      `mutation($id: ID!) { completeCommand(id: $id, ok: true, message: "locked") { command { status completedAt message } userErrors { code } } }`,
      { id: command.id },
      phone,
    );
    expect(done.data.completeCommand).toEqual({ command: { status: 'done', completedAt: '2026-11-23T09:01:00.000Z', message: 'locked' }, userErrors: [] });
    const twice = await bed.gql(`mutation($id: ID!) { completeCommand(id: $id, ok: true) { userErrors { code } } }`, { id: command.id }, phone);
    expect(twice.data.completeCommand.userErrors).toEqual([{ code: 'COMMAND_NOT_OPEN' }]);
    const other = await bed.device('bob', 'bob-phone');
    expect(
      (await bed.gql(`mutation($id: ID!) { completeCommand(id: $id, ok: true) { userErrors { code } } }`, { id: forced.data.forceFullSync.command.id }, other))
        .data.completeCommand.userErrors,
    ).toEqual([{ code: 'NOT_FOUND' }]);
    const device = (await bed.gql(`{ device(deviceId: "alice-phone") { ${DEVICE_FIELDS} } }`, {}, admin)).data.device;
    expect(device.user.userName).toBe('alice');
    expect(device.commands.map((item: { kind: string; status: string }) => `${item.kind}:${item.status}`)).toEqual(['forceFullSync:delivered', 'lock:done']);
    const unlock = await bed.gql(`mutation { unlockDevice(deviceId: "alice-phone") { device { state } userErrors { code } } }`, {}, admin);
    expect(unlock.data.unlockDevice).toEqual({ device: { state: 'active' }, userErrors: [] });
  });

  it('keeps sync tracking once per sync and the uploaded logs, for the admin to read', async () => {
    const phone = await bed.device('carol', 'carol-phone');
    const input = {
      syncId: 'sync-1',
      startedAt: '2026-11-23T09:00:00Z',
      endedAt: '2026-11-23T09:00:04Z',
      durationMs: 4000,
      type: 'full',
      success: false,
      cancelled: false,
      uploads: 5,
      uploadErrors: 2,
      retries: 1,
      downloaded: 900,
      error: 'connection reset',
    };
    for (let n = 0; n < 2; n += 1)
      await bed.gql(`mutation($input: SyncTrackingInput!) { reportSync(input: $input) { userErrors { field } } }`, { input }, phone);
    const negative = await bed.gql(
      `mutation($input: SyncTrackingInput!) { reportSync(input: $input) { sync { id } userErrors { field code } } }`,
      { input: { ...input, syncId: 'sync-2', uploads: -1 } },
      phone,
    );
    expect(negative.data.reportSync).toEqual({ sync: null, userErrors: [{ field: 'input.uploads', code: 'NEGATIVE' }] });
    const log = await bed.gql(
      `mutation { uploadSyncLog(syncId: "sync-1", text: "account Inc:0 Full:12 -> FullSync (first-sync)") { log { bytes } userErrors { code } } }`,
      {},
      phone,
    );
    expect(log.data.uploadSyncLog).toEqual({ log: { bytes: 46 }, userErrors: [] });
    const admin = await bed.admin();
    const device = (
      await bed.gql(
        `{ device(deviceId: "carol-phone") { lastSyncAt syncs(first: 10) { edges { node { syncId type success uploads uploadErrors retries downloaded durationMs error } } } logs { syncId text } } }`,
        {},
        admin,
      )
    ).data.device;
    expect(device.lastSyncAt).toBe('2026-11-23T09:00:00.000Z');
    expect(device.syncs.edges).toEqual([
      {
        node: {
          syncId: 'sync-1',
          type: 'full',
          success: false,
          uploads: 5,
          uploadErrors: 2,
          retries: 1,
          downloaded: 900,
          durationMs: 4000,
          error: 'connection reset',
        },
      },
    ]);
    expect(device.logs).toEqual([{ syncId: 'sync-1', text: 'account Inc:0 Full:12 -> FullSync (first-sync)' }]);
  });

  it("keeps each sync's Refresh Mode as the device reported it, and none for a report without it", async () => {
    const phone = await bed.device('carol', 'carol-phone');
    const input = (syncId: string, minute: number) => ({
      syncId,
      startedAt: `2026-11-23T09:0${minute}:00Z`,
      endedAt: `2026-11-23T09:0${minute}:04Z`,
      durationMs: 4000,
      type: 'incremental',
      success: true,
      cancelled: false,
      uploads: 0,
      uploadErrors: 0,
      retries: 0,
      downloaded: 10,
    });
    const reported = await bed.gql(
      `mutation($input: SyncTrackingInput!) { reportSync(input: $input) { sync { syncId refreshMode } userErrors { field } } }`,
      { input: { ...input('staged', 1), refreshMode: 'non_blocking' } },
      phone,
    );
    expect(reported.data.reportSync).toEqual({ sync: { syncId: 'staged', refreshMode: 'non_blocking' }, userErrors: [] });
    await bed.gql(
      `mutation($input: SyncTrackingInput!) { reportSync(input: $input) { userErrors { field } } }`,
      { input: { ...input('direct', 2), refreshMode: 'blocking' } },
      phone,
    );
    await bed.gql(`mutation($input: SyncTrackingInput!) { reportSync(input: $input) { userErrors { field } } }`, { input: input('older', 3) }, phone);
    const refused = await bed.gql(
      `mutation($input: SyncTrackingInput!) { reportSync(input: $input) { userErrors { field } } }`,
      { input: { ...input('odd', 4), refreshMode: 'non-blocking' } },
      phone,
    );
    expect(refused.errors?.[0]?.message).toMatch(/refreshMode/);
    const admin = await bed.admin();
    const device = (await bed.gql(`{ device(deviceId: "carol-phone") { syncs(first: 10) { edges { node { syncId refreshMode } } } } }`, {}, admin)).data.device;
    expect(device.syncs.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { syncId: 'older', refreshMode: null },
      { syncId: 'direct', refreshMode: 'blocking' },
      { syncId: 'staged', refreshMode: 'non_blocking' },
    ]);
  });

  it('pages users in the CRM store: every user once, by user name, two at a time', async () => {
    const admin = await bed.admin();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const answer = await bed.gql(
        `query($after: String) { users(first: 2, after: $after) { edges { node { userName } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        admin,
      );
      const connection = answer.data.users;
      expect(connection.edges.length).toBeLessThanOrEqual(2);
      seen.push(...connection.edges.map((edge: { node: { userName: string } }) => edge.node.userName));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null && pages < 100);
    const all = (await bed.crm.listUsers()).map((user) => user.userName);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.max(1, Math.ceil(all.length / 2)));
    expect(await bed.crm.listUsers({ first: 2, afterUserName: all[0] })).toEqual((await bed.crm.listUsers()).slice(1, 3));
    expect((await bed.crm.listUsers({ search: '%' })).length).toBe(0);
  });

  it('lists users with their roles and devices, and changes settings within bounds only', async () => {
    await bed.device('bob', 'bob-phone');
    const admin = await bed.admin();
    const users = (await bed.gql(`{ users(search: "b") { edges { node { userName roles devices { deviceId } } } } }`, {}, admin)).data.users.edges.map(
      (edge: { node: unknown }) => edge.node,
    );
    expect(users).toEqual([{ userName: 'bob', roles: ['Salesperson'], devices: [{ deviceId: 'bob-phone' }] }]);
    const refused = await bed.gql(
      `mutation { updateSettings(settings: [{ name: "maxPageSize", value: 9000 }, { name: "colour", value: 1 }]) { settings { name value } userErrors { field code } } }`,
      {},
      admin,
    );
    expect(refused.data.updateSettings.userErrors).toEqual([
      { field: 'settings[0].value', code: 'OUT_OF_RANGE' },
      { field: 'settings[1].name', code: 'UNKNOWN_SETTING' },
    ]);
    expect(refused.data.updateSettings.settings.find((setting: { name: string }) => setting.name === 'maxPageSize').value).toBe(5000);
  });

  it('answers one user by id with roles and devices (null for an unknown id), and settings with their bounds, changed all or none', async () => {
    await bed.device('bob', 'bob-phone');
    const admin = await bed.admin();
    const bob = (await bed.crm.findUserByName('bob'))!;
    const one = await bed.gql(`query($id: ID!) { user(id: $id) { userName roles devices { deviceId } } }`, { id: bob.id }, admin);
    expect(one.data.user).toEqual({ userName: 'bob', roles: ['Salesperson'], devices: [{ deviceId: 'bob-phone' }] });
    expect((await bed.gql(`{ user(id: "no-such-user") { userName } }`, {}, admin)).data.user).toBeNull();
    const refusedToDevice = await bed.gql(`query($id: ID!) { user(id: $id) { userName } }`, { id: bob.id }, (await bed.signIn('bob', 'bob-phone')).accessToken);
    expect(refusedToDevice.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const settings = async () =>
      (await bed.gql(`{ settings { name value defaultValue min max } }`, {}, admin)).data.settings.find(
        (setting: { name: string }) => setting.name === 'inactiveDeviceDays',
      );
    expect(await settings()).toEqual({ name: 'inactiveDeviceDays', value: 14, defaultValue: 14, min: 1, max: 3650 });
    const update = (changes: { name: string; value: unknown }[]) =>
      bed.gql(`mutation($s: [SettingInput!]!) { updateSettings(settings: $s) { userErrors { field code message } } }`, { s: changes }, admin);
    // A good value beside a bad one is not saved either.
    const mixed = await update([
      { name: 'inactiveDeviceDays', value: 30 },
      { name: 'signInWindowSeconds', value: 'soon' },
    ]);
    expect(mixed.data.updateSettings.userErrors).toEqual([
      { field: 'settings[1].value', code: 'NOT_AN_INTEGER', message: 'signInWindowSeconds must be an integer from 10 to 86400, not "soon"' },
    ]);
    expect((await settings()).value).toBe(14);
    expect((await update([{ name: 'inactiveDeviceDays', value: 30 }])).data.updateSettings.userErrors).toEqual([]);
    expect((await settings()).value).toBe(30);
  });
});
