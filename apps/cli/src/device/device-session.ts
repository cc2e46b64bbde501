import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CrmConnector } from '@fieldsync/connector-api';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { formatIssue } from '@fieldsync/model';
import { openDeviceDatabase, openSyncEngine, type LocalDb, type SyncEngine, type SyncProgress } from '@fieldsync/sync-core';
import type { CommandContext } from '../cli/command-context';
import { DatabaseNotFoundError } from '../errors/cli-errors';
import { loadCustomizationFile } from './load-customization';
import { createOfflineConnector } from './offline-connector';

/** An open device: its database file and the engine over it. */
export interface DeviceSession {
  /** The device database file, absolute. */
  readonly file: string;
  readonly db: LocalDb;
  readonly engine: SyncEngine;
}

/** How {@link withConnectedDevice} reaches the server: an embedded CRM file and a user of it. */
export interface ConnectedDeviceOptions {
  /** The device database file (created when absent). */
  readonly db: string;
  /** The embedded CRM file (must exist). */
  readonly crm: string;
  readonly user: string;
  readonly password: string;
  /** A customization JSON file, parsed against the CRM's schema. */
  readonly customization?: string;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/**
 * Runs `work` on an existing device database without a server (records, errors, status, log): the
 * engine's connector refuses every call. Throws `DATABASE_NOT_FOUND` for a missing file (never creating
 * it) and `FOREIGN_DATABASE` for a file that is not a device database. Closes the database afterwards.
 */
export async function withLocalDevice<T>(dbOption: string, context: CommandContext, work: (session: DeviceSession) => Promise<T>): Promise<T> {
  const file = path.resolve(context.io.cwd, dbOption);
  if (!existsSync(file)) throw new DatabaseNotFoundError(file, `create it with 'fieldsync device sync --db ${dbOption} --crm <crm file> --user <name>'`);
  const db = await openDeviceDatabase(file);
  try {
    const engine = await openSyncEngine({ db, connector: createOfflineConnector() });
    return await work({ file, db, engine });
  } finally {
    await db.destroy();
  }
}

/**
 * Runs `work` on a device database (created when absent) whose engine talks to an embedded CRM file as
 * `user`. Throws `DATABASE_NOT_FOUND` for a missing CRM file and `CUSTOMIZATION_INVALID` for a bad
 * customization file, before the device is touched. Closes connector, device and CRM afterwards.
 */
export async function withConnectedDevice<T>(
  options: ConnectedDeviceOptions,
  context: CommandContext,
  work: (session: DeviceSession & { readonly store: CrmStore; readonly connector: CrmConnector }) => Promise<T>,
): Promise<T> {
  const file = path.resolve(context.io.cwd, options.db);
  const crmFile = path.resolve(context.io.cwd, options.crm);
  // Opening a store creates a missing file: check first, a device must not conjure up an empty CRM.
  if (!existsSync(crmFile)) throw new DatabaseNotFoundError(crmFile);
  const store = await openCrmStore({ file: crmFile });
  try {
    let customization;
    if (options.customization !== undefined) {
      const customizationFile = path.resolve(context.io.cwd, options.customization);
      const loaded = loadCustomizationFile(customizationFile, store.schema());
      for (const warning of loaded.warnings) context.printer.error(`warning: ${customizationFile}: ${formatIssue(warning)}`);
      customization = loaded.customization;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    const db = await openDeviceDatabase(file);
    const connector = createEmbeddedConnector({ store, userName: options.user, password: options.password });
    try {
      const engine = await openSyncEngine({
        db,
        connector,
        ...(customization ? { customization } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      return await work({ file, db, engine, store, connector });
    } finally {
      await connector.close();
      await db.destroy();
    }
  } finally {
    await store.close();
  }
}
