import type { Clock } from '@fieldsync/model';
import type { LocalDb } from '../local-store/local-db';

/** How {@link openLocalDatabase} opens the device's local database; read once. */
export interface LocalDatabaseOptions {
  /** The device database: any Kysely over SQLite the app brings (on Node, `openDeviceDatabase` from `@fieldsync/sync-core/node`; elsewhere any kysely SQLite dialect, checked with `verifyDeviceDatabase`). */
  readonly db: LocalDb;
  /** Stamps local changes and sync times. @default the system clock */
  readonly clock?: Clock;
}
