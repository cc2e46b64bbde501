import type { ValidationIssue } from '../errors/validation-issue';
import type { SyncFilter } from '../filter/filter-node';
import type { AppSettings } from './app-settings';
import type { ConflictPolicy } from './conflict-policy';
import type { EntityDocuments } from './entity-documents';

/**
 * How one entity is synchronised: which fields, which records (the sync filter), how conflicts are
 * resolved, and a few per-entity switches. Produced by {@link parseCustomization} with defaults applied.
 */
export interface EntitySyncConfig {
  /** Logical name of the entity, an entity of the schema. */
  readonly entity: string;
  /** The fields to synchronise, primary key first, or `all`. @default 'all' */
  readonly fields: readonly string[] | 'all';
  /** Which records reach the device; absent: every record the user may read. Input may give `fetchXml` text instead. */
  readonly filter?: SyncFilter;
  /** @default 'FieldMerge' (see {@link DEFAULT_CONFLICT_POLICY}) */
  readonly conflictPolicy: ConflictPolicy;
  /** Download page size; absent: by kind, see {@link effectivePageSize}. */
  readonly pageSize?: number;
  /** Local records are uploaded and never downloaded (audit, chat posts). @default false */
  readonly uploadOnly: boolean;
  /** The entity's attachment bodies (note documents, email attachments) are synchronised. @default false */
  readonly attachments: boolean;
  /**
   * Canonical UTC date-time (`2026-11-22T00:00:00.000Z`): a device whose last full sync of this
   * entity started before it downloads the entity in full again.
   */
  readonly forceFullSync?: string;
  /** Where the records' documents live (SharePoint or OneDrive, decision 178); absent: no document sync. */
  readonly documents?: EntityDocuments;
}

/**
 * The customization (Resco's "mobile project", Woodford's app project): what a device synchronises
 * and how. Every part is validated against the CRM schema and frozen once parsed.
 */
export interface Customization {
  /** The content hash ({@link customizationHash}): it changes whenever anything else changes. */
  readonly version: string;
  /** One configuration per synchronised entity, each entity once, in the admin's order. */
  readonly entities: readonly EntitySyncConfig[];
  /** Every setting, defaults applied. */
  readonly settings: AppSettings;
  /** BlobStoreFilter XML (which attachments and documents to download), parsed by `blob-filters`. */
  readonly blobStoreFilter?: string;
}

/** A parsed customization and the warnings it raised (settings that have no effect, dangling lookups...). */
export interface ParsedCustomization {
  readonly customization: Customization;
  readonly warnings: readonly ValidationIssue[];
}

/** The outcome of {@link validateCustomization}: the customization only when there are no issues. */
export interface CustomizationValidation {
  readonly customization?: Customization;
  /** Problems that make the document unusable, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** Things that are allowed but probably not what the admin wants. */
  readonly warnings: readonly ValidationIssue[];
}
