import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TransientError } from '@fieldsync/connector-api';
import { createEmbeddedConnector, type EmbeddedCall, type EmbeddedTransport } from '@fieldsync/connector-embedded';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { DEMO_PASSWORD, generateDemoOrg, seedDemoOrg, type DemoOrg } from '@fieldsync/demo-org';
import { ManualClock } from '@fieldsync/model';
import {
  createBackgroundSyncTask,
  createInMemorySchedulerMemory,
  createNodeTimerBackgroundHost,
  openSyncEngine,
  SyncScheduler,
  type LocalDb,
  type SchedulerMemoryState,
  type SchedulerStatus,
  type SyncEngine,
  type SyncProgress,
  type SyncSchedulerEvents,
  type SyncSchedulerOptions,
} from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { createInMemoryDeviceChannel, FakeSchedulerHost, type InMemoryDeviceChannel } from '@fieldsync/sync-core/testing';

// One entity at a time, so that a cut lands between entities at a known place. The org enables
// non-blocking sync (Refresh Mode non-blocking unless the device toggles it).
const CUSTOMIZATION = {
  entities: [{ entity: 'account' }, { entity: 'contact' }, { entity: 'opportunity' }, { entity: 'task' }],
  settings: { MultiThreadSync: false, EnableNonBlockingSync: true },
};
const ENTITIES = CUSTOMIZATION.entities.map((entity) => entity.entity);
/** A text field of each entity that the server changes. */
const CHANGED_FIELD: Record<string, string> = { account: 'name', contact: 'jobtitle', opportunity: 'stepname', task: 'description' };
const HOUR = 3_600_000;

/**
 * The network between the device and the CRM: it can be cut, and it counts the records each read
 * served, per entity, so that a test sees whether a retried sync started from zero.
 */
class SwitchableNetwork implements EmbeddedTransport {
  online = true;
  /** Cut the network at the first read of this entity's records. */
  cutAtEntity?: string;
  served = new Map<string, number>();

  async send<T>(call: EmbeddedCall, run: () => Promise<T>): Promise<T> {
    if (call.operation === 'readPage' && call.entity === this.cutAtEntity) {
      this.cutAtEntity = undefined;
      this.online = false;
    }
    if (!this.online) throw new TransientError(`${call.operation}: the network is down (test)`);
    const result = await run();
    if (call.operation === 'readPage' && call.entity) {
      // What the store answered a page read: a full page, or the changes since an anchor.
      const answer = result as { page?: { records: unknown[] }; changes?: { records: unknown[] } };
      const records = (answer.page ?? answer.changes)?.records.length ?? 0;
      this.served.set(call.entity, (this.served.get(call.entity) ?? 0) + records);
    }
    return result;
  }

  /** Records served since the last call, per entity, and starts counting again. */
  takeServed(): Map<string, number> {
    const served = this.served;
    this.served = new Map();
    return served;
  }
}

interface Bed {
  readonly dir: string;
  readonly clock: ManualClock;
  readonly store: CrmStore;
  readonly org: DemoOrg;
  readonly network: SwitchableNetwork;
  readonly channel: InMemoryDeviceChannel;
  readonly engine: SyncEngine;
  readonly db: LocalDb;
  readonly host: FakeSchedulerHost;
  /** Steps of every progress event the engine reported, in order. */
  readonly steps: SyncProgress['step'][];
  onProgress?: (progress: SyncProgress) => void;
}

async function openBed(): Promise<Bed> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-scheduler-'));
  const clock = new ManualClock(Date.parse('2026-03-02T07:00:00Z')); // 08:00 in Berlin
  const store = await openCrmStore({ file: path.join(dir, 'crm.sqlite'), clock });
  const org = generateDemoOrg({ records: 300 });
  await seedDemoOrg(store, org);
  const network = new SwitchableNetwork();
  const channel = createInMemoryDeviceChannel({ schema: () => store.schema(), clock });
  channel.publish(CUSTOMIZATION);
  const connector = createEmbeddedConnector({ store, userName: 'alice', password: DEMO_PASSWORD, transport: network });
  const db = await openDeviceDatabase(path.join(dir, 'device.sqlite'));
  const steps: SyncProgress['step'][] = [];
  const bed: Partial<Bed> & { steps: SyncProgress['step'][] } = {
    dir,
    clock,
    store,
    org,
    network,
    channel,
    db,
    steps,
    host: new FakeSchedulerHost('Europe/Berlin'),
  };
  const engine = await openSyncEngine({
    db,
    connector,
    channel,
    clock,
    onProgress: (progress) => {
      steps.push(progress.step);
      bed.onProgress?.(progress);
    },
  });
  return Object.assign(bed, { engine }) as Bed;
}

async function closeBed(bed: Bed): Promise<void> {
  await bed.db.destroy();
  await bed.store.close();
  fs.rmSync(bed.dir, { recursive: true, force: true });
}

function schedulerOf(bed: Bed, options: Partial<SyncSchedulerOptions> = {}, state: SchedulerMemoryState = {}): SyncScheduler {
  return new SyncScheduler({
    target: bed.engine,
    host: bed.host,
    clock: bed.clock,
    memory: createInMemorySchedulerMemory(state),
    stallTimeoutMs: 24 * HOUR,
    autosyncDelayMs: 0,
    ...options,
  });
}

function nextSync(scheduler: SyncScheduler): Promise<SyncSchedulerEvents['sync']> {
  return new Promise((resolve) => {
    const off = scheduler.on('sync', (event) => {
      off();
      resolve(event);
    });
  });
}

async function serverCount(bed: Bed, entity: string): Promise<number> {
  const alice = bed.org.users.find((user) => user.userName === 'alice')!;
  return (await bed.store.count(await bed.store.principalOf(alice.id), { entity })).matching;
}

/** The scheduler's status once `matches` holds for it (now or at a later change); no clock involved. */
function statusWhere(scheduler: SyncScheduler, matches: (status: SyncScheduler['status']) => boolean): Promise<SyncScheduler['status']> {
  return new Promise((resolve) => {
    if (matches(scheduler.status)) return resolve(scheduler.status);
    const off = scheduler.on('status', (status) => {
      if (!matches(status)) return;
      off();
      resolve(status);
    });
  });
}

async function flush(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The device syncs once in the foreground (the initial sync: it takes the customization), then the
 * server changes every record of every entity, so that the next sync downloads all of them again.
 */
async function syncedThenChangedOnServer(bed: Bed): Promise<void> {
  const initial = await bed.engine.sync();
  expect(initial.error).toBeUndefined();
  for (const entity of ENTITIES) {
    for (const record of await bed.engine.records.list(entity, { limit: 100_000 })) {
      await bed.store.updateAsSystem(entity, record.id, { [CHANGED_FIELD[entity]]: `changed ${record.id.slice(0, 8)}` });
    }
  }
  bed.clock.advance(1_000);
  bed.network.takeServed();
}

/** Every record of every entity on the device carries the server's change. */
async function expectServerChangesOnDevice(bed: Bed): Promise<void> {
  for (const entity of ENTITIES) {
    const records = await bed.engine.records.list(entity, { limit: 100_000 });
    expect(records.length).toBe(await serverCount(bed, entity));
    expect(records.filter((record) => record.fields[CHANGED_FIELD[entity]] !== `changed ${record.id.slice(0, 8)}`)).toEqual([]);
  }
}

const total = (served: Map<string, number>) => [...served.values()].reduce((sum, count) => sum + count, 0);

describe('SyncScheduler over a real SyncEngine and the in-memory device channel', () => {
  let bed: Bed;

  beforeEach(async () => {
    bed = await openBed();
  });

  afterEach(async () => {
    await closeBed(bed);
  });

  it('makes a new user sync once in the foreground, then runs the next day non-blocking sync, uploading before downloading', async () => {
    const scheduler = schedulerOf(bed);
    await scheduler.start();
    bed.host.activity();
    await scheduler.settled();
    expect(scheduler.status).toMatchObject({ state: 'guarded', guard: 'initial-sync-required' });
    const initial = await scheduler.runInitialSync();
    expect(initial.error).toBeUndefined();
    expect(initial.downloaded).toBeGreaterThan(0);
    expect((await bed.engine.records.list('account', { limit: 100_000 })).length).toBe(await serverCount(bed, 'account'));

    // Later the same day: nothing runs by itself.
    bed.clock.set(Date.parse('2026-03-02T15:00:00Z'));
    bed.host.activity();
    await scheduler.settled();
    await flush();
    expect(scheduler.status.state).toBe('idle');

    // Offline edits, and a change on the server; the next morning the first activity syncs both ways.
    const id = await bed.engine.records.create('account', { name: 'Made offline Ltd' });
    const [contact] = await bed.engine.records.list('contact', { limit: 1 });
    await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'Changed on the server' });
    bed.clock.set(Date.parse('2026-03-03T07:00:00Z'));
    bed.steps.length = 0;
    const statuses: SchedulerStatus['state'][] = [];
    scheduler.on('status', (status) => statuses.push(status.state));
    const daily = nextSync(scheduler);
    bed.host.activity();
    const { reason, result } = await daily;
    expect(reason).toBe('daily');
    expect(result.result).toBe('ok');
    expect(result.uploaded).toBe(1);
    expect(bed.steps.indexOf('upload')).toBeGreaterThanOrEqual(0);
    expect(bed.steps.indexOf('upload')).toBeLessThan(bed.steps.indexOf('download'));
    expect((await bed.store.getAsSystem('account', id))?.fields.name).toBe('Made offline Ltd');
    // Non-blocking: the download waits for Apply Update, the live tables unchanged until then.
    expect(result.updatesAvailable?.counts.changed).toBeGreaterThan(0);
    expect((await bed.engine.records.get('contact', contact.id))?.fields.jobtitle).not.toBe('Changed on the server');
    expect((await bed.engine.status()).state).toMatchObject({ kind: 'updates-available', age: 'fresh' });
    await bed.engine.applyUpdate();
    expect((await bed.engine.records.get('contact', contact.id))?.fields.jobtitle).toBe('Changed on the server');
    expect((await bed.engine.status()).state).toEqual({ kind: 'up-to-date' });
    await scheduler.settled();
    expect(statuses[0]).toBe('syncing');
    expect(scheduler.status).toMatchObject({ state: 'idle', currentAsOf: Date.parse('2026-03-03T07:00:00Z') });
    expect(bed.channel.reports.slice(-2)).toEqual([
      expect.objectContaining({ syncId: result.syncId, success: true, refreshMode: 'non-blocking' }),
      expect.objectContaining({ syncId: `${result.syncId}:apply`, type: 'apply-update', success: true }),
    ]);
    await scheduler.stop();
  });

  it('retries every 10 s after the connection dropped mid-sync, and the retry goes on from the anchors instead of from zero', async () => {
    // Not staged: an unstaged download keeps every entity it completed (a staged one is swapped in at its end only).
    await syncedThenChangedOnServer(bed);
    const scheduler = schedulerOf(bed, { syncOptions: { background: true } }, { initialSyncDone: true });
    await scheduler.start();
    bed.network.cutAtEntity = 'opportunity';
    const first = nextSync(scheduler);
    bed.host.activity();
    const cut = await first;
    expect(cut.result).toMatchObject({ result: 'failed' });
    expect(cut.result.error?.code).toBe('TRANSIENT');
    const servedBeforeCut = bed.network.takeServed();
    expect(servedBeforeCut.get('account')).toBe(await serverCount(bed, 'account'));
    expect(servedBeforeCut.get('contact')).toBe(await serverCount(bed, 'contact'));
    expect(scheduler.status).toMatchObject({ state: 'offline-waiting', reason: 'daily', nextRetryAt: bed.clock.now() + 10_000 });
    // The engine's one status model shows the scheduler's wait.
    expect((await bed.engine.status()).state).toEqual({ kind: 'offline-waiting', nextRetryAt: new Date(bed.clock.now() + 10_000).toISOString() });

    bed.host.online = false;
    bed.clock.advance(10_000);
    await scheduler.settled();
    await flush();
    expect(scheduler.status).toMatchObject({ state: 'offline-waiting', nextRetryAt: bed.clock.now() + 10_000 });
    expect(total(bed.network.takeServed())).toBe(0);

    bed.host.online = true;
    bed.network.online = true;
    const second = nextSync(scheduler);
    bed.clock.advance(10_000);
    const resumed = await second;
    expect(resumed.result.result).toBe('ok');
    const servedAfter = bed.network.takeServed();
    // account and contact committed with their anchors before the cut: they are not read in full again.
    expect(servedAfter.get('account') ?? 0).toBe(0);
    expect(servedAfter.get('contact') ?? 0).toBe(0);
    expect(servedAfter.get('opportunity')).toBe(await serverCount(bed, 'opportunity'));
    await expectServerChangesOnDevice(bed);
    await scheduler.stop();
  });

  it('pauses the real sync when the app goes inactive and completes the same run at the next activity', async () => {
    await syncedThenChangedOnServer(bed);
    const scheduler = schedulerOf(bed, { syncOptions: { background: true } }, { initialSyncDone: true });
    await scheduler.start();
    let paused = false;
    bed.onProgress = (progress) => {
      if (!paused && progress.step === 'download' && progress.entity === 'contact' && progress.done > 0) {
        paused = true;
        bed.host.inactive();
      }
    };
    const first = nextSync(scheduler);
    bed.host.activity();
    const { result } = await first;
    expect(result.cancelled).toBe(true);
    await scheduler.settled();
    expect(scheduler.status.state).toBe('paused');
    expect((await bed.engine.status()).state).toMatchObject({ kind: 'paused', pausedAt: new Date(bed.clock.now()).toISOString() });
    const runId = scheduler.status.state === 'paused' ? scheduler.status.runId : undefined;
    bed.network.takeServed();

    bed.clock.advance(2 * HOUR);
    const second = nextSync(scheduler);
    const resumedStates: SchedulerStatus[] = [];
    scheduler.on('status', (status) => resumedStates.push(status));
    bed.host.activity();
    expect((await second).result.result).toBe('ok');
    const servedAfter = bed.network.takeServed();
    expect(servedAfter.get('account') ?? 0).toBe(0);
    expect(servedAfter.get('contact') ?? 0).toBe(0);
    expect(servedAfter.get('task')).toBe(await serverCount(bed, 'task'));
    expect(resumedStates).toContainEqual(expect.objectContaining({ state: 'syncing', runId }));
    await scheduler.settled();
    expect((await bed.engine.status()).state).toEqual({ kind: 'up-to-date' });
    await expectServerChangesOnDevice(bed);
    await scheduler.stop();
  });

  it("applies the day's sync directly in blocking mode (the org does not enable non-blocking sync): no update waits", async () => {
    bed.channel.publish({ ...CUSTOMIZATION, settings: { MultiThreadSync: false } });
    await syncedThenChangedOnServer(bed);
    expect((await bed.engine.refreshMode()).mode).toBe('blocking');
    const scheduler = schedulerOf(bed, {}, { initialSyncDone: true });
    await scheduler.start();
    const daily = nextSync(scheduler);
    bed.host.activity();
    const { reason, result } = await daily;
    expect(reason).toBe('daily');
    expect(result.result).toBe('ok');
    expect(result.updatesAvailable).toBeUndefined();
    await expectServerChangesOnDevice(bed);
    expect((await bed.engine.status()).state).toEqual({ kind: 'up-to-date' });
    expect(bed.channel.reports[bed.channel.reports.length - 1]).toMatchObject({ syncId: result.syncId, refreshMode: 'blocking' });
    await scheduler.stop();
  });

  it('follows the device toggle: blocking after the user signed in again, applied directly; before that it waits with SIGN_IN_REQUIRED', async () => {
    await syncedThenChangedOnServer(bed);
    expect((await bed.engine.refreshMode()).mode).toBe('non-blocking');
    await bed.engine.setRefreshMode('blocking');
    const scheduler = schedulerOf(bed, {}, { initialSyncDone: true });
    await scheduler.start();
    // The refused attempt runs on the device's database worker: wait for the scheduler to settle it.
    const refused = statusWhere(scheduler, (status) => status.state === 'idle' && status.lastError !== undefined);
    bed.host.activity();
    expect(await refused).toMatchObject({ state: 'idle', lastError: { code: 'SIGN_IN_REQUIRED' } });
    expect(total(bed.network.takeServed())).toBe(0);

    await bed.engine.noteSignIn();
    const daily = nextSync(scheduler);
    bed.host.activity();
    const { result } = await daily;
    expect(result.result).toBe('ok');
    expect(result.updatesAvailable).toBeUndefined();
    await expectServerChangesOnDevice(bed);
    expect(bed.channel.reports[bed.channel.reports.length - 1]).toMatchObject({ syncId: result.syncId, refreshMode: 'blocking' });
    await scheduler.stop();
  });

  it('autosyncs a local change as an upload-only sync that downloads nothing', async () => {
    const scheduler = schedulerOf(bed, { autosyncDelayMs: 5_000 }, { initialSyncDone: true, lastDailySyncDay: '2026-03-02' });
    expect((await bed.engine.sync()).error).toBeUndefined();
    await scheduler.start();
    bed.host.activity();
    await scheduler.settled();
    const id = await bed.engine.records.create('task', { subject: 'Call back' });
    scheduler.notifyLocalChange();
    bed.network.takeServed();
    const autosync = nextSync(scheduler);
    bed.clock.advance(5_000);
    const { reason, result } = await autosync;
    expect(reason).toBe('autosync');
    expect(result).toMatchObject({ result: 'ok', uploaded: 1, downloaded: 0 });
    expect(total(bed.network.takeServed())).toBe(0);
    expect((await bed.store.getAsSystem('task', id))?.fields.subject).toBe('Call back');
    expect(bed.channel.reports[bed.channel.reports.length - 1]).toMatchObject({ syncId: result.syncId, type: 'upload-only' });
    expect((await bed.engine.status()).pendingChanges).toBe(0);
    await scheduler.stop();
  });
});

describe('background sync in budget-sized slices under the Node timer host', () => {
  let bed: Bed;

  beforeEach(async () => {
    bed = await openBed();
  });

  afterEach(async () => {
    await closeBed(bed);
  });

  it('cuts a slice at its budget, keeps what it committed, and completes the sync in the next slice', async () => {
    await syncedThenChangedOnServer(bed);
    const host = createNodeTimerBackgroundHost({ clock: bed.clock, budgetMs: 30_000 });
    host.register({ id: 'fieldsync.sync', minimumIntervalMs: 15 * 60_000 }, createBackgroundSyncTask(bed.engine, { clock: bed.clock }));
    // The first slice runs out of time while it downloads contacts.
    let spent = false;
    bed.onProgress = (progress) => {
      if (!spent && progress.step === 'download' && progress.entity === 'contact' && progress.done > 0) {
        spent = true;
        bed.clock.advance(30_000);
      }
    };
    const nextRun = () =>
      new Promise<void>((resolve) => {
        const off = host.onRun(() => {
          off();
          resolve();
        });
      });
    await flush();
    let ran = nextRun();
    bed.clock.advance(15 * 60_000);
    await ran;
    expect(host.runs[0]).toMatchObject({ completion: 'new-data', overran: false });
    const firstSlice = bed.network.takeServed();
    expect(firstSlice.get('account')).toBe(await serverCount(bed, 'account'));
    expect(firstSlice.get('contact')).toBe(await serverCount(bed, 'contact'));
    expect(firstSlice.get('task') ?? 0).toBe(0);

    ran = nextRun();
    bed.clock.advance(15 * 60_000);
    await ran;
    expect(host.runs[1]).toMatchObject({ completion: 'new-data' });
    const secondSlice = bed.network.takeServed();
    // account and contact were committed by the first slice; opportunity's first page may have been in flight at the cut.
    expect(secondSlice.get('account') ?? 0).toBe(0);
    expect(secondSlice.get('contact') ?? 0).toBe(0);
    expect(secondSlice.get('task')).toBe(await serverCount(bed, 'task'));
    await expectServerChangesOnDevice(bed);

    ran = nextRun();
    bed.clock.advance(15 * 60_000);
    await ran;
    expect(host.runs[2]).toMatchObject({ completion: 'no-data' });
    await host.close();
  });
});
