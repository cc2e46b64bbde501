/** A job of a `files-bridge` child process: the device's sync with its attachment step, or the raw GETs of the baseline. */
export interface FilesBridgeJob {
  readonly kind: 'device' | 'raw';
  /** The bridge's base URL. */
  readonly url: string;
  readonly userName: string;
  readonly password: string;
  readonly deviceId: string;
  /** A new device database file (`device`); its bodies go to `<file>.files`. */
  readonly deviceFile: string;
  /** The JSON list of `ExpectedFile`s: every one must arrive with its size and sha256, or the job fails. */
  readonly manifestFile: string;
  /** Downloads at once (the engine's `attachments.parallel`, and the raw GETs'). */
  readonly parallel: number;
}

/** What a `files-bridge` child process measured. */
export interface FilesBridgeResult {
  readonly files: number;
  readonly bytes: number;
  /** Wall time of the downloads: the attachment step (`device`), or all GETs (`raw`), ms. */
  readonly elapsedMs: number;
  readonly filesPerSecond: number;
  /** The largest event-loop delay during the downloads, ms. */
  readonly loopDelayMs: number;
  /** The 99th percentile of the event-loop delays during the downloads, ms. */
  readonly loopDelayP99Ms: number;
  /** The process's `maxRSS` at the end, MB. */
  readonly peakRssMb: number;
  /** User + system CPU time of the process during the downloads, ms. */
  readonly cpuMs: number;
  /** The whole `engine.sync()`, ms (`device` only). */
  readonly syncMs?: number;
  /** `device`: the start of the attachment step up to its first count of the queue (the queue decided and read), ms. */
  readonly queueMs?: number;
}
