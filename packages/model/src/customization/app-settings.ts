/**
 * Whether Fieldsync acts on a setting yet.
 * - `supported`: it has its effect;
 * - `not-yet-supported`: accepted and stored, but the part that acts on it is not built yet;
 * - `not-applicable`: it describes something Fieldsync does not have or always does one way.
 */
export type SettingSupport = 'supported' | 'not-yet-supported' | 'not-applicable';

/**
 * The settings of a customization that control synchronization (Resco's AppSettings, plus
 * `ForcedFullSyncDateAlways`, `DownloadConcurrency`, `IntermediateCommitEvery` and `EnableNonBlockingSync`). After parsing every
 * setting has a value; {@link APP_SETTINGS} gives each one's default, range, meaning and support.
 */
export interface AppSettings {
  LogSyncDetails: boolean;
  MultiThreadSync: boolean;
  IncSyncUsesVersionNumberSorting: boolean;
  UseRowVersionChangeTracking: boolean;
  UseLinkedSyncFilter: boolean;
  EmailFetchPageSize: number;
  SyncNoLock: boolean;
  SyncEmailAsText: boolean;
  MaxSyncCount: number;
  MaxExecuteMultiple: number;
  UploadRecordsInChronologicalOrder: boolean;
  MaxAttachmentSize: number;
  AsyncAttachmentsDownload: boolean;
  SyncAzureAttachments: boolean;
  DisableSyncAnalyzer: boolean;
  SyncShared: boolean;
  UseRestApiForSharePoint: boolean;
  UpdateObjectTypeCodes: boolean;
  FullSchemaSync: boolean;
  SyncFieldLevelPermissions: boolean;
  EnableCustomizationSecurity: boolean;
  ShowSyncWarnings: boolean;
  IsDatabaseAuditEnabled: boolean;
  UseDatabaseEncryption: boolean;
  UseDatabaseBlobStore: boolean;
  SyncEmailOnSend: number;
  ForcedFullSyncDateAlways: boolean;
  DownloadConcurrency: number;
  IntermediateCommitEvery: number;
  EnableNonBlockingSync: boolean;
}

/** The name of an {@link AppSettings} setting. */
export type AppSettingName = keyof AppSettings;

/** One row of the {@link APP_SETTINGS} table. */
export interface AppSettingDefinition {
  readonly name: AppSettingName;
  /** `bool` settings hold true/false, `int` settings a whole number within `min`..`max`. */
  readonly type: 'bool' | 'int';
  readonly default: boolean | number;
  /** Smallest allowed value of an `int` setting. */
  readonly min?: number;
  /** Largest allowed value of an `int` setting; absent means no upper bound. */
  readonly max?: number;
  /** What the setting does, in one or two sentences. */
  readonly description: string;
  readonly support: SettingSupport;
  /** The part of Fieldsync that acts (or will act) on it, or why it does not apply. */
  readonly takesEffectIn: string;
}

type Row = Omit<AppSettingDefinition, 'name'>;
const bool = (value: boolean, support: SettingSupport, takesEffectIn: string, description: string): Row & { default: boolean } => ({
  type: 'bool',
  default: value,
  description,
  support,
  takesEffectIn,
});
const int = (
  value: number,
  range: { min: number; max?: number },
  support: SettingSupport,
  takesEffectIn: string,
  description: string,
): Row & { default: number } => ({ type: 'int', default: value, ...range, description, support, takesEffectIn });

const SUPPORTED = 'supported';
const NYS = 'not-yet-supported';
const NA = 'not-applicable';

// Keyed by name so that the compiler insists on one row per AppSettings property and no other.
const TABLE: { readonly [K in AppSettingName]: Row & { readonly default: AppSettings[K] } } = {
  LogSyncDetails: bool(false, SUPPORTED, 'sync-core: sync log', 'Write every upload and download action to the sync log, not only the per-step figures.'),
  MultiThreadSync: bool(
    true,
    SUPPORTED,
    'sync-core: download',
    'Download several entities at once (DownloadConcurrency); off, entities are downloaded one after another.',
  ),
  IncSyncUsesVersionNumberSorting: bool(true, NYS, 'connectors: incremental fetch', 'Order incremental fetches by row version wherever the backend allows it.'),
  UseRowVersionChangeTracking: bool(
    true,
    NYS,
    'connectors: incremental fetch',
    'Track changes by row version rather than by modification time where the backend offers both.',
  ),
  UseLinkedSyncFilter: bool(
    false,
    NYS,
    'sync-core: incremental download',
    "Also fetch children whose linked parent entered the sync filter (an OR of the parents' conditions).",
  ),
  EmailFetchPageSize: int(100, { min: 20, max: 500 }, SUPPORTED, 'sync-core: download', 'Page size of downloads of the email entity.'),
  SyncNoLock: bool(
    false,
    NYS,
    'connector-dynamics: fetch',
    'Ask the server to read without locks (READ UNCOMMITTED): faster fetches that may see rolled-back data.',
  ),
  SyncEmailAsText: bool(false, NYS, 'sync-core: download', 'Strip HTML from email bodies when they are downloaded.'),
  MaxSyncCount: int(
    0,
    { min: 0 },
    SUPPORTED,
    'sync-core: download',
    'Most records to download per entity, 0 for no limit; activity parties may reach five times this. Going over it is a sync warning.',
  ),
  MaxExecuteMultiple: int(100, { min: 1, max: 1000 }, SUPPORTED, 'sync-core: upload', 'Most records sent to the server in one upload batch.'),
  UploadRecordsInChronologicalOrder: bool(
    true,
    SUPPORTED,
    'sync-core: upload',
    'Upload the records of an entity in the order they were first changed; off, by last modification.',
  ),
  MaxAttachmentSize: int(
    0,
    { min: 0 },
    SUPPORTED,
    'sync-core: attachments',
    'Largest attachment, in bytes, the device takes, 0 for no limit: the sync leaves larger ones on the server (on demand) and a download on request refuses them.',
  ),
  AsyncAttachmentsDownload: bool(
    false,
    SUPPORTED,
    'sync-core: attachments',
    'Download attachments after the data sync, in the background, instead of within it.',
  ),
  SyncAzureAttachments: bool(
    false,
    NA,
    'none: connectors fetch note bodies through the API wherever they are stored',
    'Use a special server method for note attachments kept in Azure blob storage.',
  ),
  DisableSyncAnalyzer: bool(false, SUPPORTED, 'sync-core: sync analyzer', 'Skip the step that decides, per entity, between incremental and full download.'),
  SyncShared: bool(
    false,
    SUPPORTED,
    'sync-core: shared records, for backends that report sharing apart from changes',
    'Download records shared with the user or their teams in an extra pass.',
  ),
  UseRestApiForSharePoint: bool(false, NA, 'none: connector-graph always uses Microsoft Graph', "Use SharePoint's REST API instead of its SOAP services."),
  UpdateObjectTypeCodes: bool(
    false,
    NA,
    'none: Fieldsync names entities, it has no object type codes',
    'Refresh Dynamics object type codes when permissions are downloaded.',
  ),
  FullSchemaSync: bool(
    false,
    NYS,
    'sync-core: customization update',
    'On a new customization, delete the data and download everything instead of migrating the schema in place.',
  ),
  SyncFieldLevelPermissions: bool(
    false,
    NYS,
    'sync-core: permissions',
    'Download field-level permissions with the entity permissions (Dynamics; Salesforce always applies them).',
  ),
  EnableCustomizationSecurity: bool(
    false,
    NYS,
    'sync-core: customization update',
    'Verify the content of downloaded customization files before applying them.',
  ),
  ShowSyncWarnings: bool(true, NA, 'none: the engine always returns its warnings', 'Return sync warnings to the app the way errors are returned.'),
  IsDatabaseAuditEnabled: bool(
    false,
    NA,
    'none: a single-customer server log Fieldsync does not have',
    'Write sync start/end and database reads to a special server audit log.',
  ),
  UseDatabaseEncryption: bool(
    false,
    NYS,
    'sync-core: device database',
    'Encrypt the device database; takes effect when the database is created (at a full sync).',
  ),
  UseDatabaseBlobStore: bool(false, SUPPORTED, 'sync-core: attachments', 'Keep attachment content in the device database instead of in files.'),
  SyncEmailOnSend: int(0, { min: 0, max: 1 }, NYS, 'sync-core: email', 'Whether sending an email starts an email sync: 0 yes, 1 no.'),
  ForcedFullSyncDateAlways: bool(
    false,
    NYS,
    'sync-core: device control',
    'Let a forced full sync go ahead even when local changes could not be uploaded; those changes are deleted.',
  ),
  DownloadConcurrency: int(3, { min: 1, max: 16 }, SUPPORTED, 'sync-core: download', 'How many entities are downloaded at the same time.'),
  IntermediateCommitEvery: int(
    20000,
    { min: 1 },
    NA,
    'none: sync-core commits every downloaded page (decision 063)',
    'Commit a large entity download after this many records, to keep the write-ahead log small.',
  ),
  EnableNonBlockingSync: bool(
    false,
    SUPPORTED,
    'sync-core: refresh mode',
    "Let devices run non-blocking (staged) syncs; each device's Refresh Mode toggle can turn it off (Veeva's Enable_Non_Blocking_Sync_vod).",
  ),
};

/**
 * The settings table: name, type, default, range, description, support and where each takes effect,
 * in a stable order. docs/settings.md is checked against it by a test.
 */
export const APP_SETTINGS: readonly AppSettingDefinition[] = Object.freeze(
  (Object.keys(TABLE) as AppSettingName[]).map((name) => Object.freeze({ name, ...TABLE[name] })),
);

/** Every setting at its default value. */
export function defaultAppSettings(): AppSettings {
  return Object.fromEntries(APP_SETTINGS.map((setting) => [setting.name, setting.default])) as unknown as AppSettings;
}
