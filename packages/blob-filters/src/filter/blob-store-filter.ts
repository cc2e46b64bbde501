/**
 * A size limit in bytes as the language writes it: `-1` (or the element left out) is `'unlimited'`,
 * `0` is `'blocked'` (nothing of this kind is downloaded), any other number is the largest size
 * admitted.
 */
export type SizeLimit = 'unlimited' | 'blocked' | number;

/** A quota in bytes: `-1` (or the element left out) is `'unlimited'`; `0` leaves no room. */
export type Quota = 'unlimited' | number;

/** A `<BlobStoreFileTypeFilter>`: the size limit for one file suffix, or `*` for every suffix not listed. */
export interface FileTypeRule {
  /** Lower-case suffix without the dot (`jpg`), or `*`. */
  readonly suffix: string;
  readonly maxFileSize: SizeLimit;
  /** Where the rule is written, e.g. `/BlobStoreFilter/FilesFilter/Filters/BlobStoreFileTypeFilter[2]`. */
  readonly path: string;
}

/** `<FilesFilter>`: documents from SharePoint, OneDrive and other document stores. */
export interface FilesFilter {
  /** Total bytes of documents on the device. @default 'unlimited' */
  readonly quota: Quota;
  /** Largest document; a suffix rule can only lower it. @default 'unlimited' */
  readonly maxFileSize: SizeLimit;
  readonly fileTypes: readonly FileTypeRule[];
  /** Path of the `<FilesFilter>` element, or of the root when there is none. */
  readonly path: string;
}

/** Which parent entities' attachments are synchronised at all. */
export type AttachedToScope =
  | { readonly kind: 'all' }
  /** `<NotSyncingAttachmentsFor>`: every entity except these (lower case). */
  | { readonly kind: 'except'; readonly entities: readonly string[]; readonly path: string }
  /** `<OnlySyncingAttachmentsFor>`: only these entities (lower case). */
  | { readonly kind: 'only'; readonly entities: readonly string[]; readonly path: string };

/** An `<EntityAttachmentsFilter Name="…" AttachedTo="…">`: limits for one attachment entity, optionally only where attached to one parent entity. */
export interface EntityAttachmentsRule {
  /** The attachment entity (`annotation`, `activitymimeattachment`), lower case. */
  readonly name: string;
  /** The parent entity (`account`), lower case; absent: attached to anything. */
  readonly attachedTo?: string;
  /** Total bytes of attachments this rule admits. @default 'unlimited' */
  readonly quota: Quota;
  /** @default 'unlimited' */
  readonly maxFileSize: SizeLimit;
  readonly fileTypes: readonly FileTypeRule[];
  readonly path: string;
}

/** `<AttachmentsFilter>`: note bodies, email attachments and the like. */
export interface AttachmentsFilter {
  /** Largest attachment. @default 'unlimited' */
  readonly maxAttachmentSize: SizeLimit;
  readonly attachedTo: AttachedToScope;
  readonly entityRules: readonly EntityAttachmentsRule[];
  readonly path: string;
}

/**
 * A parsed BlobStoreFilter: which documents and attachments a device downloads during sync, and how
 * many bytes they may take. Produced frozen by `parseBlobStoreFilter`; `defaultBlobStoreFilter` is
 * the one that applies when a customization has none.
 */
export interface BlobStoreFilter {
  readonly files: FilesFilter;
  readonly attachments: AttachmentsFilter;
}
