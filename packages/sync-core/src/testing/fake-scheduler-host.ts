import type { SchedulerHost, SchedulerHostEvent } from '../scheduler/scheduler-host';

/**
 * A {@link SchedulerHost} a test drives: the app becomes active or inactive, the network comes and
 * goes, the disk fills, the user travels to another time zone. Events reach the scheduler at once.
 */
export class FakeSchedulerHost implements SchedulerHost {
  active = false;
  online = true;
  /** Free disk space in bytes; undefined: the platform cannot tell. @default 64 GiB */
  freeBytes: number | undefined = 64 * 1024 ** 3;
  zone: string;
  readonly #listeners = new Set<(event: SchedulerHostEvent) => void>();

  /** @param zone the device's IANA time zone. @default 'Europe/Berlin' */
  constructor(zone = 'Europe/Berlin') {
    this.zone = zone;
  }

  isActive(): boolean {
    return this.active;
  }

  isOnline(): boolean {
    return this.online;
  }

  async freeDiskBytes(): Promise<number | undefined> {
    return this.freeBytes;
  }

  timeZone(): string {
    return this.zone;
  }

  subscribe(listener: (event: SchedulerHostEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** The user opens or uses the app. */
  activity(): void {
    this.active = true;
    this.#emit('activity');
  }

  /** The app goes to the background, or the device is locked. */
  inactive(): void {
    this.active = false;
    this.#emit('inactive');
  }

  #emit(event: SchedulerHostEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
