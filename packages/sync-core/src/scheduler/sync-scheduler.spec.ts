import { ManualClock } from '@fieldsync/model';
import { FakeSchedulerHost } from '../testing/fake-scheduler-host';
import { ScriptedSyncTarget } from '../testing/scripted-sync-target';
import { createInMemorySchedulerMemory, type SchedulerMemory, type SchedulerMemoryState } from './scheduler-memory';
import type { SchedulerStatus } from './scheduler-status';
import { SyncScheduler } from './sync-scheduler';
import type { SyncSchedulerOptions } from './sync-scheduler-options';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Lets the scheduler's promises run (no wall-clock wait: a few turns of the event loop). */
async function flush(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

interface Setup {
  readonly clock: ManualClock;
  readonly host: FakeSchedulerHost;
  readonly target: ScriptedSyncTarget;
  readonly memory: SchedulerMemory;
  readonly scheduler: SyncScheduler;
  readonly statuses: SchedulerStatus[];
  /** Moves the clock forward and lets the scheduler react. */
  advance(ms: number): Promise<void>;
  /** Moves the clock to an instant (ISO) and lets the scheduler react. */
  at(iso: string): Promise<void>;
  activity(): Promise<void>;
  inactive(): Promise<void>;
}

/**
 * A scheduler over a scripted engine and a fake host in Berlin, on a manual clock at `start`; by
 * default the device synced yesterday (the day's sync is due).
 */
async function setup(
  start: string,
  options: Partial<SyncSchedulerOptions> = {},
  state: SchedulerMemoryState = { initialSyncDone: true, lastDailySyncDay: '2000-01-01' },
  zone = 'Europe/Berlin',
): Promise<Setup> {
  const clock = new ManualClock(Date.parse(start));
  const host = new FakeSchedulerHost(zone);
  const target = new ScriptedSyncTarget();
  const memory = options.memory ?? createInMemorySchedulerMemory(state);
  const scheduler = new SyncScheduler({ target, host, clock, memory, stallTimeoutMs: 24 * HOUR, ...options });
  const statuses: SchedulerStatus[] = [];
  scheduler.on('status', (status) => statuses.push(status));
  await scheduler.start();
  await flush();
  const settle = async () => {
    await flush();
    await scheduler.settled();
    await flush();
  };
  return {
    clock,
    host,
    target,
    memory,
    scheduler,
    statuses,
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    async at(iso) {
      clock.set(Date.parse(iso));
      await settle();
    },
    async activity() {
      host.activity();
      await settle();
    },
    async inactive() {
      host.inactive();
      await settle();
    },
  };
}

/** The run id the status names, while syncing or paused. */
function runIdOf(status: SchedulerStatus): string | undefined {
  return status.state === 'syncing' || status.state === 'paused' ? status.runId : undefined;
}

describe('SyncScheduler: the first sync of the day', () => {
  it('runs at the first app activity after 3 AM local time, not before, and not again the same day', async () => {
    const s = await setup('2026-03-02T00:00:00Z', {}, { initialSyncDone: true, lastDailySyncDay: '2026-03-01' }); // 01:00 in Berlin
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    await s.at('2026-03-02T01:59:00Z'); // 02:59
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    expect(s.scheduler.status.state).toBe('idle');
    await s.at('2026-03-02T02:00:00Z'); // 03:00: no activity yet, so nothing starts
    expect(s.target.syncs).toHaveLength(0);
    await s.at('2026-03-02T07:00:00Z'); // 08:00
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
    expect(s.target.syncs[0].options).toMatchObject({ staged: true, background: true });
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', reason: 'daily' });
    s.target.current!.succeed({ downloaded: 12 });
    await s.advance(0);
    expect(s.scheduler.status).toMatchObject({ state: 'idle', currentAsOf: Date.parse('2026-03-02T07:00:00Z') });
    await s.at('2026-03-02T11:00:00Z');
    await s.activity();
    await s.at('2026-03-03T01:30:00Z'); // 02:30 the next night
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
    await s.at('2026-03-03T02:10:00Z'); // 03:10
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
    expect((await s.memory.load()).lastDailySyncDay).toBe('2026-03-02');
  });

  it('does not start while the app is inactive or offline, only at an activity while both hold', async () => {
    const s = await setup('2026-03-02T07:00:00Z');
    expect(s.target.syncs).toHaveLength(0);
    expect(s.scheduler.status.state).toBe('idle');
    s.host.online = false;
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    expect(s.scheduler.status.state).toBe('offline-waiting');
  });

  it('places the 3 AM boundary in the time zone the host names now (the user travelled)', async () => {
    const s = await setup('2026-03-02T07:30:00Z', {}, { initialSyncDone: true, lastDailySyncDay: '2026-03-01' }, 'America/New_York'); // 02:30 in New York
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    s.host.zone = 'Europe/Berlin'; // 08:30 in Berlin: a new day there
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
  });

  it('finds the boundary across the spring DST change (New York, 2 AM skipped): 01:30 EST is yesterday, 03:05 EDT today', async () => {
    const s = await setup('2026-03-08T06:30:00Z', {}, { initialSyncDone: true, lastDailySyncDay: '2026-03-07' }, 'America/New_York');
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    await s.at('2026-03-08T07:05:00Z');
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
  });

  it('finds the boundary across the autumn DST change (Berlin, 2 AM twice): the repeated 02:30 is yesterday', async () => {
    const s = await setup('2026-10-25T01:30:00Z', {}, { initialSyncDone: true, lastDailySyncDay: '2026-10-24' }); // 02:30 CET, the second time
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    await s.at('2026-10-25T02:01:00Z'); // 03:01 CET
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
  });
});

describe('SyncScheduler: autosync', () => {
  it('sends local changes autosyncDelayMs after the last one, as an upload-only sync', async () => {
    const s = await setup('2026-03-02T08:00:00Z', { autosyncDelayMs: 5 * SECOND }, { initialSyncDone: true, lastDailySyncDay: '2026-03-02' });
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    s.scheduler.notifyLocalChange();
    await s.advance(3 * SECOND);
    s.scheduler.notifyLocalChange();
    await s.advance(4 * SECOND);
    expect(s.target.syncs).toHaveLength(0);
    await s.advance(1 * SECOND);
    expect(s.target.syncs).toHaveLength(1);
    expect(s.target.syncs[0].options).toMatchObject({ uploadOnly: true, background: true });
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', reason: 'autosync' });
    s.target.current!.succeed({ uploaded: 2 });
    await s.advance(0);
    expect(s.scheduler.status.state).toBe('idle');
    expect(s.target.syncs).toHaveLength(1);
  });

  it('sends a change made during a running sync after that sync', async () => {
    const s = await setup('2026-03-02T08:00:00Z', { autosyncDelayMs: 5 * SECOND });
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
    s.scheduler.notifyLocalChange();
    await s.advance(6 * SECOND);
    expect(s.target.syncs).toHaveLength(1);
    s.target.current!.succeed();
    await s.advance(0);
    expect(s.target.syncs).toHaveLength(2);
    expect(s.target.syncs[1].options.uploadOnly).toBe(true);
  });

  it('does nothing with autosyncDelayMs 0 (autosync off)', async () => {
    const s = await setup('2026-03-02T08:00:00Z', { autosyncDelayMs: 0 }, { initialSyncDone: true, lastDailySyncDay: '2026-03-02' });
    await s.activity();
    s.scheduler.notifyLocalChange();
    await s.advance(HOUR);
    expect(s.target.syncs).toHaveLength(0);
  });
});

describe('SyncScheduler: pause, resume and restart', () => {
  it('pauses a running sync when the app goes inactive and resumes the same run at an activity within 12 h', async () => {
    const s = await setup('2026-03-02T08:00:00Z'); // 09:00 in Berlin
    await s.activity();
    const first = s.target.current!;
    first.progress({ step: 'download', entity: 'account', done: 500 });
    const runId = runIdOf(s.scheduler.status);
    expect(runId).toBeDefined();
    await s.advance(15 * MINUTE);
    await s.inactive(); // 09:15: the user locks the device
    expect(first.signal.aborted).toBe(true);
    expect(s.scheduler.status).toMatchObject({ state: 'paused', runId, pausedAt: Date.parse('2026-03-02T08:15:00Z') });
    await s.at('2026-03-02T12:00:00Z'); // 13:00
    expect(s.target.syncs).toHaveLength(1);
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', reason: 'daily', runId });
    expect((await s.memory.load()).unfinished).toMatchObject({ runId, attempts: 2 });
  });

  it('cancels and restarts a run paused for 12 h or more', async () => {
    const s = await setup('2026-03-02T08:00:00Z'); // 09:00
    await s.activity();
    const runId = runIdOf(s.scheduler.status);
    await s.advance(30 * MINUTE);
    await s.inactive(); // 09:30
    await s.at('2026-03-02T22:00:00Z'); // 23:00, 13.5 h later, the same sync day
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
    const restarted = runIdOf(s.scheduler.status);
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(runId);
    expect((await s.memory.load()).unfinished).toMatchObject({ runId: restarted, attempts: 1, startedAt: Date.parse('2026-03-02T22:00:00Z') });
  });

  it('cancels and restarts a run paused before 3 AM, even within 12 h', async () => {
    const s = await setup('2026-03-02T20:00:00Z'); // Monday 21:00
    await s.activity();
    const runId = runIdOf(s.scheduler.status);
    await s.advance(HOUR);
    await s.inactive(); // 22:00
    await s.at('2026-03-03T08:00:00Z'); // Tuesday 09:00: 11 h later, past 3 AM
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
    expect(runIdOf(s.scheduler.status)).not.toBe(runId);
  });

  it('stops cleanly: a running sync is cancelled and kept paused for the next start', async () => {
    const s = await setup('2026-03-02T08:00:00Z');
    await s.activity();
    const runId = runIdOf(s.scheduler.status);
    await s.scheduler.stop();
    expect(s.target.syncs[0].signal.aborted).toBe(true);
    expect(s.scheduler.status).toMatchObject({ state: 'paused', runId });
    const again = new SyncScheduler({ target: s.target, host: s.host, clock: s.clock, memory: s.memory });
    await again.start();
    await flush();
    expect(s.target.syncs).toHaveLength(2);
    expect(runIdOf(again.status)).toBe(runId);
  });
});

describe('SyncScheduler: offline and lost connections', () => {
  it('retries every 30 s while offline before a sync started, and starts within 30 s of the connection coming back', async () => {
    const s = await setup('2026-03-02T07:00:00Z'); // 08:00
    s.host.online = false;
    await s.activity();
    expect(s.scheduler.status).toEqual(expect.objectContaining({ state: 'offline-waiting', nextRetryAt: Date.parse('2026-03-02T07:00:30Z') }));
    await s.advance(30 * SECOND);
    expect(s.scheduler.status).toEqual(expect.objectContaining({ state: 'offline-waiting', nextRetryAt: Date.parse('2026-03-02T07:01:00Z') }));
    await s.advance(29 * SECOND);
    s.host.online = true;
    expect(s.target.syncs).toHaveLength(0);
    await s.advance(1 * SECOND);
    expect(s.target.syncs).toHaveLength(1);
    expect(s.scheduler.status.state).toBe('syncing');
  });

  it('retries every 10 s once a running sync lost its connection, and resumes the same run', async () => {
    const s = await setup('2026-03-02T07:30:00Z');
    await s.activity();
    const runId = runIdOf(s.scheduler.status);
    s.target.current!.progress({ step: 'download', entity: 'account', done: 500 });
    await s.advance(3 * MINUTE);
    s.host.online = false;
    s.target.current!.fail('TRANSIENT', 'the bridge could not be reached');
    await s.advance(0);
    expect(s.scheduler.status).toEqual(expect.objectContaining({ state: 'offline-waiting', nextRetryAt: Date.parse('2026-03-02T07:33:10Z') }));
    expect(s.scheduler.status.lastError).toBeUndefined();
    await s.advance(10 * SECOND);
    expect(s.scheduler.status).toEqual(expect.objectContaining({ state: 'offline-waiting', nextRetryAt: Date.parse('2026-03-02T07:33:20Z') }));
    s.host.online = true;
    await s.advance(10 * SECOND);
    expect(s.target.syncs).toHaveLength(2);
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', runId });
  });

  it('retries in 10 s when the backend is unreachable although the device has a network', async () => {
    const s = await setup('2026-03-02T07:30:00Z');
    await s.activity();
    s.target.current!.fail('TRANSIENT');
    await s.advance(0);
    await s.activity(); // an activity does not cut the wait short
    expect(s.target.syncs).toHaveLength(1);
    await s.advance(10 * SECOND);
    expect(s.target.syncs).toHaveLength(2);
  });

  it('shows a run that waits for the network as paused while the app is inactive, and as offline-waiting again when it is used', async () => {
    const s = await setup('2026-03-02T07:30:00Z');
    await s.activity();
    const runId = runIdOf(s.scheduler.status);
    s.host.online = false;
    s.target.current!.fail('TRANSIENT');
    await s.advance(0);
    await s.inactive();
    expect(s.scheduler.status).toMatchObject({ state: 'paused', runId });
    await s.advance(5 * SECOND);
    await s.activity();
    expect(s.scheduler.status).toMatchObject({ state: 'offline-waiting', nextRetryAt: Date.parse('2026-03-02T07:30:10Z') });
    s.host.online = true;
    await s.advance(5 * SECOND);
    expect(s.target.syncs).toHaveLength(2);
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', runId });
    expect((await s.memory.load()).unfinished?.pausedAt).toBeUndefined();
  });

  it('keeps a run that waits for the network as paused when the scheduler stops', async () => {
    const s = await setup('2026-03-02T07:30:00Z');
    s.host.online = false;
    await s.activity();
    expect(s.scheduler.status.state).toBe('offline-waiting');
    await s.scheduler.stop();
    expect(s.scheduler.status).toMatchObject({ state: 'paused', pausedAt: Date.parse('2026-03-02T07:30:00Z') });
    await s.advance(HOUR);
    expect(s.target.syncs).toHaveLength(0);
  });

  it('waits for the next activity after a failure that is not the network, and shows it as lastError', async () => {
    const s = await setup('2026-03-02T07:30:00Z');
    await s.activity();
    s.target.current!.fail('AUTH_FAILED', 'the password expired');
    await s.advance(0);
    expect(s.scheduler.status).toMatchObject({ state: 'idle', lastError: { code: 'AUTH_FAILED', message: 'the password expired' } });
    await s.advance(HOUR);
    expect(s.target.syncs).toHaveLength(1);
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
  });
});

describe('SyncScheduler: manual refresh', () => {
  it('starts a non-blocking sync at once when the device is up to date for the day', async () => {
    const s = await setup('2026-03-02T08:00:00Z', {}, { initialSyncDone: true, lastDailySyncDay: '2026-03-02' });
    await s.activity();
    expect(s.scheduler.refresh()).toBe('started');
    await s.advance(0);
    expect(s.target.syncs).toHaveLength(1);
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', reason: 'refresh' });
  });

  it('cuts a retry wait short: a refresh while offline-waiting tries at once', async () => {
    const s = await setup('2026-03-02T08:00:00Z');
    s.host.online = false;
    await s.activity();
    expect(s.scheduler.status.state).toBe('offline-waiting');
    s.host.online = true;
    expect(s.scheduler.refresh()).toBe('started');
    await s.advance(0);
    expect(s.target.syncs).toHaveLength(1);
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', reason: 'daily' });
  });

  it('keeps the running sync when the app chooses keep-running', async () => {
    const s = await setup('2026-03-02T08:00:00Z');
    await s.activity();
    const runId = runIdOf(s.scheduler.status);
    expect(s.scheduler.refresh({ ifRunning: 'keep-running' })).toBe('kept');
    await s.advance(0);
    expect(s.target.syncs).toHaveLength(1);
    expect(s.target.syncs[0].signal.aborted).toBe(false);
    expect(runIdOf(s.scheduler.status)).toBe(runId);
  });

  it('cancels the running sync and starts a new run when the app chooses restart', async () => {
    const s = await setup('2026-03-02T08:00:00Z');
    await s.activity();
    const runId = runIdOf(s.scheduler.status);
    expect(s.scheduler.refresh({ ifRunning: 'restart' })).toBe('restarted');
    await s.advance(0);
    expect(s.target.syncs[0].signal.aborted).toBe(true);
    expect(s.target.syncs).toHaveLength(2);
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', reason: 'refresh' });
    expect(runIdOf(s.scheduler.status)).not.toBe(runId);
  });
});

describe('SyncScheduler: guards', () => {
  it('holds the non-blocking sync back with low disk space, as a guarded status (not an error), and runs once space is free', async () => {
    const s = await setup('2026-03-02T08:00:00Z', { minFreeDiskBytes: 1_000_000 });
    s.host.freeBytes = 999_999;
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    expect(s.scheduler.status).toMatchObject({ state: 'guarded', guard: 'low-disk-space' });
    expect(s.scheduler.status.lastError).toBeUndefined();
    s.host.freeBytes = 1_000_000;
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
  });

  it('holds the non-blocking sync back when the org used 90 % of its API limit, and runs below it', async () => {
    const s = await setup('2026-03-02T08:00:00Z', { guardRecheckMs: 10 * MINUTE });
    s.target.usage = { used: 900, limit: 1000, windowMs: 86_400_000 };
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    expect(s.scheduler.status).toMatchObject({ state: 'guarded', guard: 'api-usage' });
    expect(s.scheduler.status.lastError).toBeUndefined();
    s.target.usage = { used: 899, limit: 1000, windowMs: 86_400_000 };
    await s.advance(10 * MINUTE); // the guard is checked again while the app stays active
    expect(s.target.syncs).toHaveLength(1);
  });

  it('treats an API usage that cannot be read for the network as offline (30 s retry)', async () => {
    const s = await setup('2026-03-02T08:00:00Z');
    s.target.usage = 'offline';
    await s.activity();
    expect(s.scheduler.status).toMatchObject({ state: 'offline-waiting', nextRetryAt: Date.parse('2026-03-02T08:00:30Z') });
  });

  it('does not guard autosync: local changes still go up', async () => {
    const s = await setup('2026-03-02T08:00:00Z', { autosyncDelayMs: SECOND }, { initialSyncDone: true, lastDailySyncDay: '2026-03-02' });
    s.host.freeBytes = 1;
    await s.activity();
    s.scheduler.notifyLocalChange();
    await s.advance(SECOND);
    expect(s.target.syncs).toHaveLength(1);
    expect(s.target.syncs[0].options.uploadOnly).toBe(true);
  });
});

describe('SyncScheduler: a new user', () => {
  it('must finish the initial blocking sync first; the first non-blocking sync runs the next day', async () => {
    const s = await setup('2026-03-02T07:00:00Z', {}, {}); // 08:00, a device that never synced
    s.target.initialized = false;
    await s.activity();
    expect(s.target.syncs).toHaveLength(0);
    expect(s.scheduler.status).toMatchObject({ state: 'guarded', guard: 'initial-sync-required' });
    const initial = s.scheduler.runInitialSync();
    await flush();
    expect(s.target.syncs).toHaveLength(1);
    expect(s.target.syncs[0].options.staged).toBeUndefined();
    expect(s.target.syncs[0].options.background).toBeUndefined();
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', reason: 'initial' });
    s.target.initialized = true;
    s.target.current!.succeed({ downloaded: 5000 });
    expect((await initial).result).toBe('ok');
    await s.advance(0);
    expect(s.scheduler.status.state).toBe('idle');
    await s.at('2026-03-02T15:00:00Z');
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
    await s.at('2026-03-03T07:00:00Z'); // the next day, 08:00
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
    expect(s.target.syncs[1].options).toMatchObject({ staged: true, background: true });
  });

  it('stays guarded when the initial sync failed', async () => {
    const s = await setup('2026-03-02T07:00:00Z', {}, {});
    s.target.initialized = false;
    await s.activity();
    const initial = s.scheduler.runInitialSync();
    await flush();
    s.target.current!.fail('TRANSIENT');
    expect((await initial).result).toBe('failed');
    await s.activity();
    expect(s.scheduler.status).toMatchObject({ state: 'guarded', guard: 'initial-sync-required', lastError: { code: 'TRANSIENT' } });
  });
});

describe('SyncScheduler: Refresh Mode', () => {
  it("stages the day's sync in non-blocking mode (it ends in updates-available)", async () => {
    const s = await setup('2026-03-02T07:00:00Z');
    s.target.mode = 'non-blocking';
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
    expect(s.target.syncs[0].options).toMatchObject({ staged: true, background: true });
  });

  it("applies the day's sync directly in blocking mode: neither staged nor background", async () => {
    const s = await setup('2026-03-02T07:00:00Z');
    s.target.mode = 'blocking';
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
    expect(s.target.syncs[0].options.staged).toBeUndefined();
    expect(s.target.syncs[0].options.background).toBeUndefined();
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', reason: 'daily' });
  });

  it('applies a manual refresh directly in blocking mode', async () => {
    const s = await setup('2026-03-02T07:00:00Z', {}, { initialSyncDone: true, lastDailySyncDay: '2026-03-02' });
    s.target.mode = 'blocking';
    await s.activity();
    expect(s.scheduler.refresh()).toBe('started');
    await s.advance(0);
    expect(s.target.syncs).toHaveLength(1);
    expect(s.target.syncs[0].options.staged).toBeUndefined();
  });

  it('reads the mode at each attempt: a run resumed after a toggle follows the new mode', async () => {
    const s = await setup('2026-03-02T07:00:00Z');
    s.target.mode = 'non-blocking';
    await s.activity();
    expect(s.target.syncs[0].options.staged).toBe(true);
    await s.inactive();
    expect(s.scheduler.status.state).toBe('paused');
    s.target.mode = 'blocking';
    await s.advance(HOUR);
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
    expect(s.target.syncs[1].options.staged).toBeUndefined();
  });

  it('keeps autosync upload-only in either mode', async () => {
    const s = await setup('2026-03-02T07:00:00Z', {}, { initialSyncDone: true, lastDailySyncDay: '2026-03-02' });
    s.target.mode = 'blocking';
    await s.activity();
    s.scheduler.notifyLocalChange();
    await s.advance(5 * SECOND);
    expect(s.target.syncs[0].options).toMatchObject({ uploadOnly: true, background: true });
  });

  it("runs a new user's initial sync blocking in non-blocking mode, and the first non-blocking sync the next day", async () => {
    const s = await setup('2026-03-02T07:00:00Z', {}, {});
    s.target.initialized = false;
    s.target.mode = 'non-blocking';
    await s.activity();
    expect(s.scheduler.status).toMatchObject({ state: 'guarded', guard: 'initial-sync-required' });
    const initial = s.scheduler.runInitialSync();
    await flush();
    expect(s.target.syncs[0].options.staged).toBeUndefined();
    s.target.initialized = true;
    s.target.current!.succeed();
    await initial;
    await s.at('2026-03-02T20:00:00Z');
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
    await s.at('2026-03-03T02:30:00Z'); // 03:30 in Berlin: the next sync day
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
    expect(s.target.syncs[1].options).toMatchObject({ staged: true, background: true });
  });

  it("runs a new user's first day sync the next day in blocking mode too, applied directly", async () => {
    const s = await setup('2026-03-02T07:00:00Z', {}, {});
    s.target.initialized = false;
    s.target.mode = 'blocking';
    const initial = s.scheduler.runInitialSync();
    await flush();
    s.target.initialized = true;
    s.target.current!.succeed();
    await initial;
    await s.at('2026-03-02T20:00:00Z');
    await s.activity();
    expect(s.target.syncs).toHaveLength(1);
    await s.at('2026-03-03T07:00:00Z');
    await s.activity();
    expect(s.target.syncs).toHaveLength(2);
    expect(s.target.syncs[1].options.staged).toBeUndefined();
  });
});

describe('SyncScheduler: stall watchdog', () => {
  it('cancels a sync whose progress stood still for stallTimeoutMs and retries it as the same run', async () => {
    const s = await setup('2026-03-02T08:00:00Z', { stallTimeoutMs: 2 * MINUTE });
    await s.activity();
    const runId = runIdOf(s.scheduler.status);
    await s.advance(MINUTE);
    s.target.current!.progress({ step: 'download', entity: 'account', done: 500 });
    await s.advance(2 * MINUTE - SECOND);
    expect(s.target.syncs[0].signal.aborted).toBe(false);
    await s.advance(SECOND);
    expect(s.target.syncs[0].signal.aborted).toBe(true);
    expect(s.target.syncs).toHaveLength(2);
    expect(s.scheduler.status).toMatchObject({ state: 'syncing', runId });
  });
});

describe('SyncScheduler: options', () => {
  it('refuses an option that does not fit, naming it', () => {
    const target = new ScriptedSyncTarget();
    const host = new FakeSchedulerHost();
    const make = (options: Partial<SyncSchedulerOptions>) => () => new SyncScheduler({ target, host, ...options });
    expect(make({ offlineRetryMs: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ENGINE_OPTIONS', option: 'offlineRetryMs' }));
    expect(make({ stallTimeoutMs: Number.NaN })).toThrow(expect.objectContaining({ option: 'stallTimeoutMs' }));
    expect(make({ dayStartHour: 24 })).toThrow(expect.objectContaining({ option: 'dayStartHour' }));
    expect(make({ maxApiUsage: 90 })).toThrow(expect.objectContaining({ option: 'maxApiUsage' }));
    expect(make({ autosyncDelayMs: -1 })).toThrow(expect.objectContaining({ option: 'autosyncDelayMs' }));
    expect(make({ autosyncDelayMs: 0, dayStartHour: 0, maxApiUsage: 1 })).not.toThrow();
  });
});

describe('SyncScheduler: status', () => {
  it('reports each state with the time it began, the step and progress of the engine, and "current as of"', async () => {
    const s = await setup('2026-03-02T08:00:00Z');
    await s.activity();
    s.target.current!.progress({ step: 'download', entity: 'contact', done: 250, total: 1000 });
    expect(s.scheduler.status).toMatchObject({
      state: 'syncing',
      step: 'download',
      progress: { entity: 'contact', done: 250, total: 1000 },
      since: Date.parse('2026-03-02T08:00:00Z'),
    });
    expect(s.scheduler.status.currentAsOf).toBeUndefined();
    await s.advance(MINUTE);
    s.target.current!.succeed();
    await s.advance(0);
    expect(s.scheduler.status).toMatchObject({ state: 'idle', currentAsOf: Date.parse('2026-03-02T08:01:00Z'), since: Date.parse('2026-03-02T08:01:00Z') });
    expect(s.statuses.map((status) => status.state)).toEqual(['syncing', 'syncing', 'idle']);
  });
});
