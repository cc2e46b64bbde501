import { setTimeout as sleep } from 'node:timers/promises';

/** Waits until at least `ms` of wall-clock time has passed (timers may fire a millisecond early). */
export async function waitAtLeast(ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) await sleep(left);
}
