/** What {@link seedDemoOrg} wrote. */
export interface SeedSummary {
  /** Records inserted by entity, in insert order. */
  readonly counts: Readonly<Record<string, number>>;
  /** Records inserted in all. */
  readonly records: number;
  /** Attachment bodies stored. */
  readonly attachments: number;
  readonly businessUnits: number;
  readonly roles: number;
  readonly users: number;
  /** Wall time of the whole seeding, schema and attachments included. */
  readonly elapsedMs: number;
}

/** Called as seeding goes: `done` of `total` units (records, then attachments) and what is being written. */
export type SeedProgress = (done: number, total: number, entity: string) => void;
