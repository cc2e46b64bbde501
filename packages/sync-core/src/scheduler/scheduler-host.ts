/** Something the app's host tells the scheduler: the user is using the app, or stopped using it. */
export type SchedulerHostEvent =
  /** The app came to the foreground, or the user did something in it (a first activity may start the day's sync). */
  | 'activity'
  /** The app went to the background or the device was locked: a running sync pauses. */
  | 'inactive';

/**
 * What the scheduler needs to know of the device and the app, supplied by the app (a React Native
 * `AppState` / NetInfo / file-system bridge, a browser's `visibilitychange`, or a test's fake). Every
 * method is cheap and synchronous except `freeDiskBytes`; the scheduler reads them when it decides.
 */
export interface SchedulerHost {
  /** True while the user is actively using the app (foreground, unlocked). */
  isActive(): boolean;
  /** True while the device has a network connection (the scheduler still treats a failed call as offline). */
  isOnline(): boolean;
  /** Free space for the device database, in bytes; undefined when the platform cannot tell (no guard then). */
  freeDiskBytes(): Promise<number | undefined>;
  /** The device's IANA time zone now (`Europe/Berlin`); read at every decision, so travel moves the 3 AM boundary. */
  timeZone(): string;
  /** Calls `listener` with each {@link SchedulerHostEvent}; returns the function that stops it. */
  subscribe(listener: (event: SchedulerHostEvent) => void): () => void;
}
