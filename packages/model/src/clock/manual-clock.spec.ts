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

  it('waits by moving forward by exactly the wait, at once, and refuses a negative wait', async () => {
    const clock = new ManualClock(1_000);
    await clock.sleep(2_000);
    expect(clock.now()).toBe(3_000);
    await waitOnClock(clock, 500);
    expect(clock.now()).toBe(3_500);
    await expect(clock.sleep(-1)).rejects.toThrow(RangeError);
    expect(clock.now()).toBe(3_500);
  });
});
