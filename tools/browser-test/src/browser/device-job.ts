/** What the page asks the device worker to do: sign in, sync, edit one record, upload it. */
export interface DeviceJob {
  readonly bridgeUrl: string;
  readonly userName: string;
  readonly password: string;
  readonly deviceId: string;
  /** The entity whose first record the device edits, and its primary key column. */
  readonly entity: string;
  readonly primaryKey: string;
  /** Its owner field: the device edits a record the user owns (the demo roles write only their own). */
  readonly ownerField: string;
  /** The field it edits, and the value it writes. */
  readonly field: string;
  readonly value: string;
}

/** What the device worker reports back. */
export interface DeviceReport {
  /** `typeof` of Node globals inside the worker: proof that nothing polyfilled them. */
  readonly nodeGlobals: { readonly process: string; readonly Buffer: string };
  /** The VFS the database was opened on. */
  readonly vfs: string;
  readonly firstSync: { readonly result: string; readonly downloaded: number; readonly error?: string };
  readonly secondSync: { readonly result: string; readonly uploaded: number; readonly error?: string };
  /** Records of `entity` on the device after the first sync. */
  readonly localRecords: number;
  /** The record edited (the first the user owns). */
  readonly recordId: string;
  /** Records of `entity` read from a second connection to the same OPFS file after the engine closed. */
  readonly reopenedRecords: number;
  /** The edited field as read back from the reopened file. */
  readonly reopenedValue: unknown;
}

/** The worker's answer: a report, or the failure's stack. */
export type DeviceAnswer = { readonly ok: true; readonly report: DeviceReport } | { readonly ok: false; readonly error: string };
