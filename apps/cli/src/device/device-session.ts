import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CrmConnector } from '@fieldsync/connector-api';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore } from '@fieldsync/crm-store';
import { FieldsyncError, formatIssue, type Schema } from '@fieldsync/model';
import {
  openLocalDatabase,
  openSyncEngine,
  type AttachmentOptions,
  type LocalDatabase,
  type LocalDb,
  type SyncEngine,
  type SyncProgress,
} from '@fieldsync/sync-core';
import { createFileBlobStorage, filesDirBeside, openDeviceDatabase, readFileChunks } from '@fieldsync/sync-core/node';
import type { CommandContext } from '../cli/command-context';
import { DatabaseNotFoundError, InvalidOptionError } from '../errors/cli-errors';
import { NotLoggedInError } from '../errors/device-errors';
import { bridgeConnectorFor, CLI_APP_VERSION } from './bridge-device-connector';
import { DIRECT_BACKENDS, directBackendConnector, isDirectBackend, type DirectBackendOptions } from './direct-backend-connector';
import { readDeviceCredentials, type DeviceCredentials } from './device-credentials';
import { eraseDeviceFiles } from './erase-device-files';
import { loadCustomizationFile } from './load-customization';

/** An open device: its database file and the local database over it (records, errors, status, sync log; no server). */
export interface DeviceSession {
  /** The device database file, absolute. */
  readonly file: string;
  readonly db: LocalDb;
  readonly local: LocalDatabase;
}

/** How {@link withConnectedDevice} reaches the server: an embedded CRM file and a user, a CRM's own API (`backend` and its options), or the bridge the database logged in to. */
export interface ConnectedDeviceOptions extends Partial<Omit<DirectBackendOptions, 'backend' | 'user' | 'password'>> {
  /** The device database file (created when absent). */
  readonly db: string;
  /** The embedded CRM file (must exist); absent: through the stored bridge login. */
  readonly crm?: string;
  /** The CRM user (with `crm`). */
  readonly user?: string;
  readonly password: string;
  /** A customization JSON file, parsed against the CRM's schema (direct modes only). */
  readonly customization?: string;
  /** `embedded`, `salesforce` or `dynamics`: sync with that CRM directly. */
  readonly backend?: string;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/** A device connected to its server: the engine, and where it syncs. */
export interface ConnectedDevice extends DeviceSession {
  /** The local database connected to the server. */
  readonly engine: SyncEngine;
  readonly connector: CrmConnector;
  /** What the device syncs with, for messages: `alice with /path/crm.db` or `alice via https://bridge`. */
  readonly server: string;
  /** The stored bridge login, in bridge mode. */
  readonly credentials?: DeviceCredentials;
}

/**
 * Runs `work` on an existing device database without a server (records, errors, status, log): the
 * local database alone, never connected. Throws `DATABASE_NOT_FOUND` for a missing file (never creating
 * it) and `FOREIGN_DATABASE` for a file that is not a device database. Closes the database afterwards.
 */
export async function withLocalDevice<T>(dbOption: string, context: CommandContext, work: (session: DeviceSession) => Promise<T>): Promise<T> {
  const file = path.resolve(context.io.cwd, dbOption);
  if (!existsSync(file)) throw new DatabaseNotFoundError(file, `create it with 'fieldsync device sync --db ${dbOption} --crm <crm file> --user <name>'`);
  const db = await openDeviceDatabase(file);
  try {
    const local = await openLocalDatabase({ db });
    return await work({ file, db, local });
  } finally {
    await db.destroy();
  }
}

/**
 * Runs `work` on a device database (created when absent) whose engine talks to its server: an
 * embedded CRM file as `user` with `crm`, else the bridge the database logged in to (its device
 * channel brings device control and the customization). Throws `DATABASE_NOT_FOUND` for a missing CRM
 * file, `NOT_LOGGED_IN` without either, `CUSTOMIZATION_INVALID` for a bad customization file, before
 * the device is touched. Closes connector, device and CRM afterwards.
 */
export async function withConnectedDevice<T>(
  options: ConnectedDeviceOptions,
  context: CommandContext,
  work: (device: ConnectedDevice) => Promise<T>,
): Promise<T> {
  const file = path.resolve(context.io.cwd, options.db);
  if (options.backend !== undefined && options.backend !== 'embedded' && !isDirectBackend(options.backend)) {
    throw new InvalidOptionError('--backend', `must be embedded, ${DIRECT_BACKENDS.join(' or ')}, got '${options.backend}'`);
  }
  if (isDirectBackend(options.backend)) return withDirectBackendDevice({ ...options, backend: options.backend }, file, context, work);
  if (options.crm !== undefined) return withEmbeddedDevice({ ...options, crm: options.crm }, file, context, work);
  if (options.backend === 'embedded') throw new InvalidOptionError('--crm', 'the embedded backend needs --crm <file>');
  if (options.customization !== undefined)
    throw new InvalidOptionError('--customization', 'a bridge sends the customization its admin published; --customization needs --crm');
  const credentials = readDeviceCredentials(file);
  if (!credentials) throw new NotLoggedInError(file);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = await openDeviceDatabase(file);
  const connector = bridgeConnectorFor(file, credentials);
  let revoked = false;
  try {
    try {
      await connector.signIn();
    } catch (error) {
      if (!FieldsyncError.is(error, 'DEVICE_REVOKED')) throw error;
      // The bridge refuses this device: an administrator wiped it. It is erased once closed.
      revoked = true;
      throw new FieldsyncError('DEVICE_WIPED', 'the device was wiped by an administrator', { file });
    }
    const engine = await openSyncEngine({
      db,
      connector,
      channel: connector,
      appVersion: CLI_APP_VERSION,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      attachments: deviceAttachmentOptions(file),
      ...(context.io.syncTestHooks ? { testHooks: context.io.syncTestHooks } : {}),
    });
    return await work({ file, db, local: engine.local, engine, connector, credentials, server: `${credentials.userName} via ${credentials.bridge}` });
  } finally {
    await connector.close();
    await db.destroy();
    if (revoked) {
      eraseDeviceFiles(file);
      context.printer.error(`This device was wiped by an administrator: ${file} and its login were deleted.`);
    }
  }
}

async function withEmbeddedDevice<T>(
  options: ConnectedDeviceOptions & { crm: string },
  file: string,
  context: CommandContext,
  work: (device: ConnectedDevice) => Promise<T>,
): Promise<T> {
  if (options.user === undefined) throw new InvalidOptionError('--user', 'name the CRM user to sign in as with --crm');
  const crmFile = path.resolve(context.io.cwd, options.crm);
  // Opening a store creates a missing file: check first, a device must not conjure up an empty CRM.
  if (!existsSync(crmFile)) throw new DatabaseNotFoundError(crmFile);
  const store = await openCrmStore({ file: crmFile });
  try {
    const connector = createEmbeddedConnector({ store, userName: options.user, password: options.password });
    return await withDirectDevice(options, file, context, { connector, server: `${options.user} with ${crmFile}` }, async () => store.schema(), work);
  } finally {
    await store.close();
  }
}

async function withDirectBackendDevice<T>(
  options: ConnectedDeviceOptions & DirectBackendOptions,
  file: string,
  context: CommandContext,
  work: (device: ConnectedDevice) => Promise<T>,
): Promise<T> {
  const direct = directBackendConnector(options, context.io.cwd);
  // The customization file is parsed against what the user may see in the CRM.
  return withDirectDevice(options, file, context, direct, () => direct.connector.describe(), work);
}

/**
 * Runs `work` on a device that syncs with `connector` directly (no bridge, no device channel): loads
 * the customization file against `schema()` when one is named, opens the device database and the
 * engine, and closes connector and database afterwards.
 */
async function withDirectDevice<T>(
  options: ConnectedDeviceOptions,
  file: string,
  context: CommandContext,
  direct: { readonly connector: CrmConnector; readonly server: string },
  schema: () => Promise<Schema>,
  work: (device: ConnectedDevice) => Promise<T>,
): Promise<T> {
  const { connector, server } = direct;
  try {
    const customization = options.customization === undefined ? undefined : await loadCustomizationFor(options.customization, await schema(), context);
    mkdirSync(path.dirname(file), { recursive: true });
    const db = await openDeviceDatabase(file);
    try {
      const engine = await openSyncEngine({
        db,
        connector,
        ...(customization ? { customization } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        attachments: deviceAttachmentOptions(file),
        ...(context.io.syncTestHooks ? { testHooks: context.io.syncTestHooks } : {}),
      });
      // A direct mode signs in with the user's password at every command: a Refresh Mode toggle's sign-in is done.
      await engine.noteSignIn();
      return await work({ file, db, local: engine.local, engine, connector, server });
    } finally {
      await db.destroy();
    }
  } finally {
    await connector.close();
  }
}

/** Loads a customization file against `schema`, printing its warnings. */
async function loadCustomizationFor(option: string, schema: Schema, context: CommandContext) {
  const customizationFile = path.resolve(context.io.cwd, option);
  const loaded = loadCustomizationFile(customizationFile, schema);
  for (const warning of loaded.warnings) context.printer.error(`warning: ${customizationFile}: ${formatIssue(warning)}`);
  return loaded.customization;
}

/** Where the CLI's device keeps attachment bodies: files under `<db file>.files/Blob/<entity>/<id>`. */
export function deviceAttachmentOptions(file: string): AttachmentOptions {
  return { storage: createFileBlobStorage(filesDirBeside(file)), readPath: readFileChunks };
}
