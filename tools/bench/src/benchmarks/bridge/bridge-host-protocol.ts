import type { FieldValues } from '@fieldsync/model';

/** How the benchmark bridge starts: over an existing crm-store file (never seeded), state in `databaseUrl`. */
export interface BridgeHostOptions {
  readonly crmFile: string;
  /** The bridge's state: a SQLite file or `:memory:`. */
  readonly databaseUrl: string;
  /**
   * CRM security roles a customization is published for before the bridge listens (every entity of
   * the CRM, default settings), as an administrator would: a device with a channel needs one.
   */
  readonly customizationRoles: readonly string[];
  /** Entities whose bodies the published customization syncs (`attachments: true`). @default none */
  readonly attachmentEntities?: readonly string[];
  /**
   * Bridge processes: 1 serves in the host itself; more run a Node cluster (`startBridgeCluster`) whose
   * workers serve and whose primary (the host) edits the CRM file and sums the usage of every process.
   * @default 1
   */
  readonly workers?: number;
}

/** One server-side edit the host makes through its crm-store (`updateAsSystem`), behind the bridge's back. */
export interface BridgeHostEdit {
  readonly entity: string;
  readonly id: string;
  readonly fields: FieldValues;
}

/** What the host's process (with more than one worker: the primary and every worker together) has used so far. */
export interface BridgeHostUsage {
  /** User + system CPU time of the process since it started, ms. */
  readonly cpuMs: number;
  /** Resident set size now, MB. */
  readonly rssMb: number;
  /** The process's high-water mark of its resident set size (`maxRSS`, as VmHWM), MB; for a cluster the sum of each process's. */
  readonly peakRssMb: number;
}

/** Parent → host: edit records, report usage, or close the bridge and exit. */
export type BridgeHostRequest =
  | { readonly id: number; readonly method: 'edit'; readonly edits: readonly BridgeHostEdit[] }
  | { readonly id: number; readonly method: 'usage' }
  | { readonly id: number; readonly method: 'close' };

/** Host → parent: the answer to one request. */
export type BridgeHostResponse =
  { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** Host → parent, once: the bridge listens (or could not start). */
export type BridgeHostReady =
  { readonly ready: true; readonly url: string; readonly usage: BridgeHostUsage } | { readonly ready: false; readonly error: string };
