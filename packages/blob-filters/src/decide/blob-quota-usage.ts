/** One admitted blob in a {@link BlobQuotaUsage}: its key, the quota scope it is charged to, and its size. */
export interface BlobUsageEntry {
  /** See `blobKey`: `attachment:annotation/<id>`. */
  readonly key: string;
  /** `files`, `images`, `attachments`, or `attachments:<name>@<attachedTo>` for an entity rule. */
  readonly scope: string;
  readonly size: number;
}

/**
 * The ledger of blobs admitted to the device, by quota scope. `decide` charges every `download` to it
 * at once (so parallel downloads cannot overshoot a quota); {@link BlobQuotaUsage.release} frees a
 * blob's bytes when it is removed from the device or its download is given up. Build it again from
 * the stored entries ({@link BlobQuotaUsage.entries}) when a device restarts.
 */
export class BlobQuotaUsage {
  private readonly byKey = new Map<string, BlobUsageEntry>();
  private readonly byScope = new Map<string, number>();

  constructor(entries: Iterable<BlobUsageEntry> = []) {
    for (const entry of entries) this.admit(entry);
  }

  /** Bytes charged to `scope`. */
  used(scope: string): number {
    return this.byScope.get(scope) ?? 0;
  }

  /** The entry of `key`, if admitted. */
  entry(key: string): BlobUsageEntry | undefined {
    return this.byKey.get(key);
  }

  /** Every admitted blob, in admission order. */
  entries(): BlobUsageEntry[] {
    return [...this.byKey.values()];
  }

  /** Charges a blob to its scope, replacing an earlier entry of the same key. Used by `decide`; call it yourself only to rebuild a ledger. */
  admit(entry: BlobUsageEntry): void {
    this.release(entry.key);
    const frozen = Object.freeze({ key: entry.key, scope: entry.scope, size: entry.size });
    this.byKey.set(entry.key, frozen);
    this.byScope.set(entry.scope, this.used(entry.scope) + entry.size);
  }

  /** Frees the bytes of `key`; true when it was admitted. */
  release(key: string): boolean {
    const entry = this.byKey.get(key);
    if (!entry) return false;
    this.byKey.delete(key);
    const left = this.used(entry.scope) - entry.size;
    if (left === 0) this.byScope.delete(entry.scope);
    else this.byScope.set(entry.scope, left);
    return true;
  }
}
