import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import type { BridgeSession } from '@fieldsync/connector-bridge';
import { FieldsyncError } from '@fieldsync/model';

/** What `fieldsync device login` stores beside a device database, to sync through a bridge later. */
export interface DeviceCredentials {
  /** The bridge's base URL. */
  readonly bridge: string;
  readonly userName: string;
  /** This installation's device id, kept across logins. */
  readonly deviceId: string;
  /** A PEM file trusted for the bridge's HTTPS certificate (absolute), when not the system's roots. */
  readonly ca?: string;
  /** The current session; the refresh token is single use, so the file is rewritten at each refresh. */
  readonly session: BridgeSession;
}

/** The credentials file of a device database: `<db>.credentials.json`, readable by its owner only. */
export function credentialsFileOf(dbFile: string): string {
  return `${dbFile}.credentials.json`;
}

/** The stored credentials of a device database, or undefined when it never logged in. Throws `CREDENTIALS_INVALID` for an unreadable file. */
export function readDeviceCredentials(dbFile: string): DeviceCredentials | undefined {
  const file = credentialsFileOf(dbFile);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as DeviceCredentials;
    if (typeof parsed.bridge !== 'string' || typeof parsed.deviceId !== 'string' || typeof parsed.session?.accessToken !== 'string')
      throw new Error('fields missing');
    return parsed;
  } catch (error) {
    throw new FieldsyncError(
      'CREDENTIALS_INVALID',
      `${file} is not a device credentials file (${(error as Error).message}); run fieldsync device login again`,
      { file },
    );
  }
}

/** Writes the credentials atomically (temp file, then rename), mode 0600. */
export function writeDeviceCredentials(dbFile: string, credentials: DeviceCredentials): void {
  const file = credentialsFileOf(dbFile);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** Deletes the stored credentials (logout, wipe). */
export function deleteDeviceCredentials(dbFile: string): void {
  rmSync(credentialsFileOf(dbFile), { force: true });
}
