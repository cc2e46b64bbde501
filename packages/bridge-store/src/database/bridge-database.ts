import type { Generated } from 'kysely';

/**
 * The bridge store's tables as kysely sees them. Times are canonical ISO-8601 text, JSON is text,
 * booleans are `boolean` columns that SQLite keeps as 0/1 (read them with `toBoolean`).
 */
export interface BridgeDatabase {
  bridge_device: DeviceTable;
  bridge_session: SessionTable;
  bridge_command: CommandTable;
  bridge_customization: CustomizationTable;
  bridge_customization_role: CustomizationRoleTable;
  bridge_sync: SyncTable;
  bridge_sync_log: SyncLogTable;
  bridge_setting: SettingTable;
  bridge_sign_in_attempt: SignInAttemptTable;
}

/** Booleans as they come back: 0/1 from SQLite, true/false from PostgreSQL. */
export type StoredBoolean = boolean | number;

/** `bridge_device`: one row per registered device. */
export interface DeviceTable {
  device_id: string;
  user_id: string;
  name: string;
  os: string;
  app_version: string;
  state: string;
  registered_at: string;
  last_seen_at: string | null;
  last_sync_at: string | null;
}

/** `bridge_session`: refresh sessions, by the SHA-256 of their token. */
export interface SessionTable {
  id: string;
  user_id: string;
  device_id: string | null;
  refresh_token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** The id of the family's first session: every session rotated from it shares it. */
  family_id: string;
  /** When the whole family was ended (refresh-token reuse, sign-out); set on every member. */
  family_ended_at: string | null;
}

/** `bridge_command`: admin commands; `seq` keeps issue order among commands of the same millisecond. */
export interface CommandTable {
  seq: Generated<number | string>;
  id: string;
  device_id: string;
  kind: string;
  status: string;
  parameters: string | null;
  issued_at: string;
  issued_by: string;
  delivered_at: string | null;
  completed_at: string | null;
  message: string | null;
}

/** `bridge_customization`: published revisions, numbered 1, 2, 3... */
export interface CustomizationTable {
  revision: number;
  version: string;
  content: string;
  entities_hash: string;
  settings_hash: string;
  blob_store_filter_hash: string;
  min_app_version: string | null;
  settings_read_only: StoredBoolean;
  comment: string | null;
  published_at: string;
  published_by: string;
}

/** `bridge_customization_role`: which roles a revision is assigned to, with what priority. */
export interface CustomizationRoleTable {
  revision: number;
  role: string;
  priority: number;
  /** Position in the published list, to read the roles back in their order. */
  ordinal: number;
}

/** `bridge_sync`: sync reports, unique by (device_id, sync_id). */
export interface SyncTable {
  id: string;
  sync_id: string;
  device_id: string;
  user_id: string;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  type: string;
  success: StoredBoolean;
  cancelled: StoredBoolean;
  uploads: number;
  upload_errors: number;
  retries: number;
  downloaded: number;
  error: string | null;
  /** `blocking` or `non-blocking`; null when the device did not report it (migration 003). */
  refresh_mode: string | null;
  files_count: number | null;
  files_bytes: number | string | null;
  files_refused: number | null;
  files_queued: number | null;
  /** The attachment step's part of the files (migration 005); null when the device did not report it per kind. */
  attachments_count: number | null;
  attachments_bytes: number | string | null;
  attachments_refused: number | null;
  attachments_queued: number | null;
  /** The document step's part of the files (migration 005); null when it did not run or was not reported. */
  documents_count: number | null;
  documents_bytes: number | string | null;
  documents_refused: number | null;
  documents_queued: number | null;
}

/** `bridge_sync_log`: uploaded sync logs; `seq` orders logs of the same millisecond. */
export interface SyncLogTable {
  seq: Generated<number | string>;
  id: string;
  device_id: string;
  sync_id: string;
  uploaded_at: string;
  text: string;
}

/** `bridge_setting`: one JSON value per name. */
export interface SettingTable {
  name: string;
  value: string;
  updated_at: string;
}

/** `bridge_sign_in_attempt`: every sign-in, for lockout counting. */
export interface SignInAttemptTable {
  seq: Generated<number | string>;
  /** The name as typed. */
  user_name: string;
  /** What the limit counts by: `user:<id>` for a name the CRM resolves, else `name:<lower-cased name>`. */
  user_key: string;
  /** The client's address (an IPv6 client's /64 network); null when unknown. */
  client_address: string | null;
  device_id: string | null;
  success: StoredBoolean;
  attempted_at: string;
}
