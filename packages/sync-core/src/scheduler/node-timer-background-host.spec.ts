import { ManualClock } from '@fieldsync/model';
import type { BackgroundCompletion, BackgroundTaskContext } from './background-host';
import { createNodeTimerBackgroundHost } from './node-timer-background-host';

const MINUTE = 60_000;

async function flush(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('createNodeTimerBackgroundHost', () => {
  it('runs a task no more often than its minimum interval and records each completion', async () => {
    const clock = new ManualClock(0);
    const host = createNodeTimerBackgroundHost({ clock });
    const answers: BackgroundCompletion[] = ['new-data', 'no-data', 'failed'];
    host.register({ id: 'sync', minimumIntervalMs: 15 * MINUTE }, async () => answers.shift() ?? 'no-data');
    await flush();
    clock.advance(15 * MINUTE - 1);
    await flush();
    expect(host.runs).toHaveLength(0);
    clock.advance(1);
    await flush();
    expect(host.runs).toEqual([{ id: 'sync', startedAt: 15 * MINUTE, endedAt: 15 * MINUTE, completion: 'new-data', overran: false }]);
    clock.advance(15 * MINUTE);
    await flush();
    clock.advance(15 * MINUTE);
    await flush();
    expect(host.runs.map((run) => run.completion)).toEqual(['new-data', 'no-data', 'failed']);
    await host.close();
  });

  it('aborts the task at its budget (30 s by default) and takes the completion it then gives', async () => {
    const clock = new ManualClock(0);
    const host = createNodeTimerBackgroundHost({ clock });
    const contexts: BackgroundTaskContext[] = [];
    host.register({ id: 'sync', minimumIntervalMs: MINUTE }, (context) => {
      contexts.push(context);
      return new Promise((resolve) => context.signal.addEventListener('abort', () => resolve('new-data')));
    });
    await flush();
    clock.advance(MINUTE);
    await flush();
    expect(contexts).toHaveLength(1);
    expect(contexts[0].budgetMs).toBe(30_000);
    clock.advance(29_999);
    await flush();
    expect(contexts[0].signal.aborted).toBe(false);
    clock.advance(1);
    await flush();
    expect(contexts[0].signal.aborted).toBe(true);
    expect(host.runs).toEqual([{ id: 'sync', startedAt: MINUTE, endedAt: MINUTE + 30_000, completion: 'new-data', overran: false }]);
    await host.close();
  });

  it('records a run that ignores its budget as failed after the grace, and starts no second run before it settles', async () => {
    const clock = new ManualClock(0);
    const host = createNodeTimerBackgroundHost({ clock, budgetMs: 10_000, graceMs: 2_000 });
    let release: (completion: BackgroundCompletion) => void = () => undefined;
    let started = 0;
    host.register({ id: 'stuck', minimumIntervalMs: MINUTE }, () => {
      started += 1;
      return new Promise((resolve) => (release = resolve));
    });
    await flush();
    clock.advance(MINUTE);
    await flush();
    clock.advance(12_000);
    await flush();
    expect(host.runs).toEqual([{ id: 'stuck', startedAt: MINUTE, endedAt: MINUTE + 12_000, completion: 'failed', overran: true }]);
    clock.advance(10 * MINUTE);
    await flush();
    expect(started).toBe(1);
    release('no-data');
    await flush();
    clock.advance(MINUTE);
    await flush();
    expect(started).toBe(2);
    release('no-data');
    await host.close();
  });

  it('stops running a cancelled registration', async () => {
    const clock = new ManualClock(0);
    const host = createNodeTimerBackgroundHost({ clock });
    let runs = 0;
    const registration = host.register({ id: 'sync', minimumIntervalMs: MINUTE }, async () => {
      runs += 1;
      return 'no-data';
    });
    await flush();
    clock.advance(MINUTE);
    await flush();
    registration.cancel();
    clock.advance(10 * MINUTE);
    await flush();
    expect(runs).toBe(1);
    expect(() => host.register({ id: 'bad', minimumIntervalMs: 0 }, async () => 'no-data')).toThrow(RangeError);
    expect(() => createNodeTimerBackgroundHost({ clock, budgetMs: 0 })).toThrow(/budgetMs/);
    await host.close();
  });
});
