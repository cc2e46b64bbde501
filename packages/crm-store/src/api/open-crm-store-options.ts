import type { Clock } from '@fieldsync/model';
import type { ServerRule } from '../rules/server-rule';

/** How {@link openCrmStore} opens a store. */
export interface OpenCrmStoreOptions {
  /** The SQLite file (created when absent). */
  readonly file: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Lifetime of an access token. @default 3_600_000 (1 h) */
  readonly tokenTtlMs?: number;
  /** Lifetime of a refresh token. @default 30 days */
  readonly refreshTtlMs?: number;
  /** How long tombstones and the access log are kept by `purgeHistory()`. @default 30 days */
  readonly historyRetentionMs?: number;
  /** API calls a user may make per day. @default 1_000_000 */
  readonly dailyApiLimit?: number;
  /** Server rules run on writes, besides the built-in ones. @default [quoteTotalsRule] */
  readonly rules?: readonly ServerRule[];
}
