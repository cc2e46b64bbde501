/** Which reader a page-read job runs. */
export type PageReader = 'readFull' | 'baseline' | 'connector';

/** One full read of the bench table, run in its own process so its peak RSS is its own. */
export interface PageReadJob {
  readonly reader: PageReader;
  readonly file: string;
  readonly pageSize: number;
  readonly userName: string;
  readonly password: string;
}

/** What a page-read job measured. */
export interface PageReadResult {
  readonly records: number;
  readonly elapsedMs: number;
  readonly recordsPerSecond: number;
  readonly peakRssMb: number;
}
