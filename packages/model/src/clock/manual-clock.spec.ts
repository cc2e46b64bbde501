import { waitOnClock } from '../filter/evaluation-context';
import { ManualClock } from './manual-clock';

describe('ManualClock', () => {
  it('stays still until advanced, then moves by exactly the amount', () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
    clock.set(5);
    expect(clock.now()).toBe(5);
  });

  it('refuses to go backwards and leaves the time unchanged', () => {
    const clock = new ManualClock(1_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(clock.now()).toBe(1_000);
  });

  it('with spendDelaysAtOnce, spends a delay by moving forward by exactly the wait, at once', async () => {
    const clock = new ManualClock(1_000, { spendDelaysAtOnce: true });
    await clock.sleep(2_000);
    expect(clock.now()).toBe(3_000);
    await waitOnClock(clock, 500);
    expect(clock.now()).toBe(3_500);
    expect(clock.sleeps).toEqual([2_000, 500]);
  });

  it('with spendDelaysAtOnce, still holds a timer (a sleep with a signal) until the clock is moved on', async () => {
    const clock = new ManualClock(0, { spendDelaysAtOnce: true });
    let fired = false;
    void clock.sleep(1_000, new AbortController().signal).then(() => (fired = true));
    await clock.whenSleeping();
    await Promise.resolve();
    expect(fired).toBe(false);
    expect(clock.now()).toBe(0);
    clock.advance(1_000);
    await Promise.resolve();
    expect(fired).toBe(true);
  });
});

describe('ManualClock sleeps', () => {
  it('resolves a sleep only when the clock reaches its end, and lists the waits asked for', async () => {
    const clock = new ManualClock(0);
    const woken: string[] = [];
    void clock.sleep(100).then(() => woken.push('100'));
    void clock.sleep(50).then(() => woken.push('50'));
    await clock.whenSleeping();
    expect(clock.pendingSleeps).toBe(2);
    clock.advance(49);
    await Promise.resolve();
    expect(woken).toEqual([]);
    clock.advance(1);
    await Promise.resolve();
    expect(woken).toEqual(['50']);
    clock.set(100);
    await Promise.resolve();
    expect(woken).toEqual(['50', '100']);
    expect(clock.sleeps).toEqual([100, 50]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('rejects an aborted sleep with the reason and forgets it', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingSleeps).toBe(0);
    await expect(clock.sleep(1, controller.signal)).rejects.toThrow('stop');
  });

  it('answers a sleep of zero at once', async () => {
    const clock = new ManualClock(0);
    await clock.sleep(0);
    expect(clock.sleeps).toEqual([0]);
  });
});
