import type { Kysely, Transaction } from 'kysely';

/**
 * The device database as sync-core uses it. Entity tables come from the customization at run time,
 * so the engine cannot type them; every query names its columns explicitly.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LocalDb = Kysely<any>;

/** A transaction on the device database. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LocalTransaction = Transaction<any>;

/** A database or a transaction on it: what the helpers that may run inside either take. */
export type LocalExecutor = LocalDb | LocalTransaction;
