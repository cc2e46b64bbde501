import { ManualClock } from '@fieldsync/model';
import {
  BridgeUserError,
  createBridgeConnector,
  GraphqlClient,
  type BridgeConnector,
  type BridgeConnectorOptions,
  type BridgeSession,
} from '@fieldsync/connector-bridge';
import { undiciFetch } from '@fieldsync/connector-bridge/node';
import { CONFORMANCE_TOKEN_TTL_MS, startConformanceBridge, type ConformanceBridge, type ConformanceBridgeOptions } from './start-conformance-bridge';
import { selfSignedCertificate } from '@fieldsync/loopback-tls';

describe('BridgeConnector against a running bridge', () => {
  let bridge: ConformanceBridge | undefined;
  const connectors: BridgeConnector[] = [];
  const clients: GraphqlClient[] = [];

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((made) => made.close()));
    await Promise.all(clients.splice(0).map((made) => made.close()));
    await bridge?.close();
    bridge = undefined;
  });

  async function started(options?: ConformanceBridgeOptions): Promise<ConformanceBridge> {
    bridge = await startConformanceBridge(options);
    return bridge;
  }

  /** A device clock that agrees with the bridge's now but stays put when the bridge's moves: the bridge then refuses tokens the device still holds valid. */
  const standingClock = (): ManualClock => new ManualClock((bridge as ConformanceBridge).clock.now());

  function connector(options: Partial<BridgeConnectorOptions> & { userName: string }): BridgeConnector {
    const running = bridge as ConformanceBridge;
    const made = createBridgeConnector({ url: running.url, password: running.password, ...options });
    connectors.push(made);
    return made;
  }

  /** Runs an admin API operation as the conformance admin (a session without a device). */
  async function admin(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const running = bridge as ConformanceBridge;
    const console = connector({ userName: 'admin' });
    await console.signIn();
    const client = new GraphqlClient({ url: running.url });
    clients.push(client);
    return client.request({ operationName: 'Admin', query: query.replace(/^(query|mutation)/, '$1 Admin'), variables }, console.session()?.accessToken);
  }

  describe('sessions', () => {
    it('signs in again once with the password when the refresh is refused and that is asked for, and goes on', async () => {
      const { control } = await started();
      const sessions: BridgeSession[] = [];
      const alice = connector({
        userName: 'alice',
        deviceId: 'phone-1',
        clock: standingClock(),
        signInAgainWhenRefreshRefused: true,
        onSession: (session) => void sessions.push(session),
      });
      await alice.signIn();
      await control.resetCounters();
      await control.injectFault({ kind: 'expire-session', refusals: 'always' });
      await expect(alice.whoAmI()).resolves.toMatchObject({ userId: control.userIds.alice });
      expect((await control.counters()).sessionRefreshes).toBe(1);
      expect(sessions).toHaveLength(2);
      expect(sessions[1].refreshToken).not.toBe(sessions[0].refreshToken);
      expect(sessions[1]).toMatchObject({ userId: control.userIds.alice, deviceId: 'phone-1' });
    });

    it('resumes stored tokens without a password, persists each refreshed session, and the used refresh token stops working', async () => {
      const { control } = await started();
      // The device's clock agrees with the bridge's, so the stored session is not yet due for a refresh.
      const clock = standingClock();
      let stored: BridgeSession | undefined;
      await connector({ userName: 'alice', deviceId: 'phone-1', clock, onSession: (session) => void (stored = session) }).signIn();
      const firstSession = stored as BridgeSession;

      await control.resetCounters();
      const saved: BridgeSession[] = [];
      const resumed = connector({
        userName: 'alice',
        password: undefined,
        deviceId: 'phone-1',
        tokens: firstSession,
        clock,
        onSession: (session) => void saved.push(session),
      });
      await expect(resumed.signIn()).resolves.toMatchObject({ accessToken: firstSession.accessToken });
      expect((await control.counters()).calls).toBe(0);

      // The bridge's clock moves past the token's lifetime; the device's does not, so the bridge refuses the token.
      await control.injectFault({ kind: 'expire-session' });
      await expect(resumed.whoAmI()).resolves.toMatchObject({ userId: control.userIds.alice });
      expect(saved).toHaveLength(1);
      expect(saved[0].refreshToken).not.toBe(firstSession.refreshToken);
      expect(resumed.session()?.accessToken).toBe(saved[0].accessToken);

      const stale = connector({ userName: 'alice', password: undefined, deviceId: 'phone-1', tokens: firstSession, clock });
      await expect(stale.whoAmI()).rejects.toMatchObject({ code: 'AUTH_EXPIRED' });
    });

    it("refreshes ahead of expiry on the bridge's clock, before the bridge would refuse the token", async () => {
      const { control, clock } = await started();
      const alice = connector({ userName: 'alice', deviceId: 'phone-1', clock });
      const { accessToken } = await alice.signIn();
      await control.advanceClock(CONFORMANCE_TOKEN_TTL_MS - 30_000);
      await control.resetCounters();
      await expect(alice.whoAmI()).resolves.toMatchObject({ userId: control.userIds.alice });
      expect((await control.counters()).sessionRefreshes).toBe(1);
      expect(alice.session()?.accessToken).not.toBe(accessToken);
    });

    it('refreshes once for many calls that find the session expired at the same time', async () => {
      const { control } = await started();
      const alice = connector({ userName: 'alice', deviceId: 'phone-1', clock: standingClock() });
      await alice.signIn();
      await control.resetCounters();
      await control.injectFault({ kind: 'expire-session' });
      const answers = await Promise.all(Array.from({ length: 5 }, () => alice.whoAmI()));
      expect(answers.every((me) => me.userId === control.userIds.alice)).toBe(true);
      expect((await control.counters()).sessionRefreshes).toBe(1);
    });

    it('gives up with AUTH_EXPIRED after one refused refresh by default, as the contract asks', async () => {
      const { control } = await started();
      const alice = connector({ userName: 'alice', deviceId: 'phone-1', clock: standingClock() });
      await alice.signIn();
      await control.resetCounters();
      await control.injectFault({ kind: 'expire-session', refusals: 'always' });
      await expect(alice.whoAmI()).rejects.toMatchObject({ code: 'AUTH_EXPIRED' });
      expect((await control.counters()).sessionRefreshes).toBe(1);
    });

    it('stops at DEVICE_REVOKED once an admin wiped the device: no refresh, no sign-in again', async () => {
      const { control } = await started();
      const alice = connector({ userName: 'alice', deviceId: 'phone-1' });
      await alice.registerDevice({ deviceId: 'phone-1', name: "Alice's phone", os: 'Android 15', appVersion: '1.0.0' });
      await admin(`mutation($deviceId: String!) { wipeDevice(deviceId: $deviceId) { userErrors { code } } }`, { deviceId: 'phone-1' });
      await control.resetCounters();
      await expect(alice.whoAmI()).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
      await expect(alice.signIn()).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
      expect((await control.counters()).sessionRefreshes).toBe(0);
    });
  });

  describe('device channel', () => {
    it('registers the device, offers the customization part by part, and refuses before one is published', async () => {
      await started();
      const alice = connector({ userName: 'alice', deviceId: 'phone-1' });
      await alice.registerDevice({ deviceId: 'phone-1', name: "Alice's phone", os: 'Android 15', appVersion: '1.4.0' });
      await expect(alice.customization()).rejects.toMatchObject({ code: 'NO_CUSTOMIZATION' });
      const published = await admin(
        `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision } userErrors { field message code } } }`,
        {
          input: {
            content: { entities: [{ entity: 'account' }, { entity: 'contact' }] },
            roles: [{ role: 'conformance salesperson', priority: 10 }],
            minAppVersion: '1.0.0',
          },
        },
      );
      expect(published).toMatchObject({ publishCustomization: { userErrors: [] } });
      const offer = await alice.customization();
      expect(offer).toMatchObject({ revision: 1, minAppVersion: '1.0.0', settingsReadOnly: false });
      expect((offer.parts.entities as { entity: string }[]).map((entity) => entity.entity)).toEqual(['account', 'contact']);
      expect(Object.keys(offer.parts).sort()).toEqual(['blobStoreFilter', 'entities', 'settings']);
      const unchanged = await alice.customization(offer.partHashes);
      expect(unchanged).toMatchObject({ version: offer.version, parts: {} });
    });

    it("delivers the admin's commands, takes their completion, and names the field of a refused one", async () => {
      await started();
      const alice = connector({ userName: 'alice', deviceId: 'phone-1' });
      await alice.registerDevice({ deviceId: 'phone-1', name: "Alice's phone", os: 'Android 15', appVersion: '1.4.0' });
      await expect(alice.deviceControl()).resolves.toEqual({ state: 'active', pendingCommands: [] });
      await admin(
        `mutation($deviceId: String!) { forceFullSync(deviceId: $deviceId, entities: ["account"], discardLocalChanges: true) { userErrors { code } } }`,
        { deviceId: 'phone-1' },
      );
      await admin(`mutation($deviceId: String!) { lockDevice(deviceId: $deviceId) { userErrors { code } } }`, { deviceId: 'phone-1' });

      const control = await alice.deviceControl();
      expect(control.state).toBe('locked');
      expect(control.forceFullSync).toMatchObject({ entities: ['account'], discardLocalChanges: true });
      expect(control.pendingCommands.map((command) => [command.kind, command.status])).toEqual([
        ['forceFullSync', 'delivered'],
        ['lock', 'delivered'],
      ]);
      expect(control.pendingCommands[0]).toMatchObject({ issuedBy: 'admin', parameters: { entities: ['account'], discardLocalChanges: true } });

      await alice.completeCommand(control.forceFullSync?.commandId as string, { ok: true, message: 'downloaded again' });
      const after = await alice.deviceControl();
      expect(after.forceFullSync).toBeUndefined();
      expect(after.pendingCommands.map((command) => command.kind)).toEqual(['lock']);

      const refused = await alice.completeCommand('no-such-command', { ok: true }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BridgeUserError);
      expect(refused).toMatchObject({ field: 'id', reason: 'NOT_FOUND' });
    });

    it('stores a sync report once however often it is sent, and its log', async () => {
      await started();
      const alice = connector({ userName: 'alice', deviceId: 'phone-1' });
      await alice.registerDevice({ deviceId: 'phone-1', name: "Alice's phone", os: 'Android 15', appVersion: '1.4.0' });
      const report = {
        syncId: 'sync-1',
        startedAt: '2026-01-05T09:00:00.000Z',
        endedAt: '2026-01-05T09:00:04.000Z',
        durationMs: 4_000,
        type: 'upload-only' as const,
        success: false,
        cancelled: false,
        uploads: 3,
        uploadErrors: 1,
        retries: 2,
        downloaded: 0,
        error: 'account 7: name is required',
        refreshMode: 'non-blocking' as const,
      };
      await alice.reportSync(report);
      await alice.reportSync(report);
      await alice.uploadSyncLog('sync-1', 'line 1\nline 2\n');
      const device = await admin(
        `query($deviceId: String!) { device(deviceId: $deviceId) { syncs { edges { node { syncId type uploads error refreshMode } } } logs { syncId text } } }`,
        { deviceId: 'phone-1' },
      );
      expect(device).toEqual({
        device: {
          syncs: {
            edges: [{ node: { syncId: 'sync-1', type: 'upload_only', uploads: 3, error: 'account 7: name is required', refreshMode: 'non_blocking' } }],
          },
          logs: [{ syncId: 'sync-1', text: 'line 1\nline 2\n' }],
        },
      });
      const tooLong = await alice.reportSync({ ...report, syncId: 'x'.repeat(200) }).catch((error: unknown) => error);
      expect(tooLong).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.syncId' });
    });
  });

  describe('HTTPS', () => {
    const tls = selfSignedCertificate();

    it('talks to a bridge whose certificate its undici fetch was given as ca, and the platform fetch refuses it', async () => {
      const { control } = await started({ tls });
      expect(bridge?.url.startsWith('https://')).toBe(true);
      const trusting = connector({ userName: 'alice', deviceId: 'phone-1', fetch: undiciFetch({ ca: tls.cert }) });
      await expect(trusting.whoAmI()).resolves.toMatchObject({ userId: control.userIds.alice });
      const wary = connector({ userName: 'alice', deviceId: 'phone-2' });
      const error = await wary.signIn().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'TRANSIENT' });
      expect((error as Error).message).toMatch(/certificate/i);
    });
  });
});
