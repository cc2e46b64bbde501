/**
 * Why a blob is left for the user to fetch on demand: it is larger than a size limit, or there is
 * no room left in a quota. Freeing room (or raising a limit) can change this.
 */
export type OnDemandReason = 'over-size-limit' | 'over-quota';

/**
 * Why a blob is refused outright by a rule: its suffix or entity is blocked (`MaxFileSize` 0), or
 * attachments of its parent entity are not synchronised. Room does not change this.
 */
export type RefusedReason = 'blocked' | 'entity-not-synchronised';

/** Details of a decision other than a download: the rule that decided, in words and by path. */
export interface BlobDecisionDetail<R extends string> {
  readonly reason: R;
  /** e.g. `12,000 bytes is over the limit of 5,000 bytes set by /BlobStoreFilter/AttachmentsFilter/…/BlobStoreFileTypeFilter[1]`. */
  readonly message: string;
  /** Path of the rule that decided, or `MaxAttachmentSize (setting)`. */
  readonly rule: string;
  /** The limit or quota in bytes, for `over-size-limit` and `over-quota`. */
  readonly limit?: number;
}

/**
 * The outcome of `decide`: download now (and the bytes are charged to the quota), leave it for the
 * user to fetch on demand, or refuse it. A refused or on-demand blob still exists on the server and
 * the user can still fetch it explicitly.
 */
export type BlobDecision =
  | { readonly outcome: 'download' }
  | ({ readonly outcome: 'on-demand' } & BlobDecisionDetail<OnDemandReason>)
  | ({ readonly outcome: 'refused' } & BlobDecisionDetail<RefusedReason>);
