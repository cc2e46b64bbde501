import type { SyncReporter } from '../engine/sync-reporter';

/**
 * The running count of a file step (attachments, documents): files and bytes done, failures, and the
 * bytes of the files in flight, reported as progress (`done`/`total` in files, `bytes`/`totalBytes`)
 * at each change.
 */
export class FileStepTally {
  /** Files stored. */
  files = 0;
  /** Bytes of the files stored. */
  bytes = 0;
  /** Files that failed (marked by the step's `fail`). */
  failed = 0;
  readonly #inFlight = new Map<string, number>();

  constructor(
    private readonly step: 'attachments' | 'documents',
    private readonly total: number,
    private readonly totalBytes: number,
    private readonly reporter: SyncReporter,
  ) {}

  /** Reports where the step stands. */
  report(): void {
    let bytes = this.bytes;
    for (const value of this.#inFlight.values()) bytes += value;
    this.reporter.progress({ step: this.step, done: this.files, total: this.total, bytes, totalBytes: this.totalBytes });
  }

  /**
   * Downloads one file through `fetch` (which reports its bytes as they come), counting it; a failure
   * is counted and handed to `fail` unless the step was cancelled (the file then stays queued).
   */
  async track(
    key: string,
    fetch: (onBytes: (bytes: number) => void) => Promise<{ readonly size: number }>,
    fail: (error: unknown) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<void> {
    try {
      const { size } = await fetch((bytes) => {
        this.#inFlight.set(key, bytes);
        this.report();
      });
      this.bytes += size;
      this.files += 1;
    } catch (error) {
      if (signal?.aborted) return;
      this.failed += 1;
      await fail(error);
    } finally {
      this.#inFlight.delete(key);
      this.report();
    }
  }
}
