import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createBridgeConnector, type BridgeConnector } from '@fieldsync/connector-bridge';
import { undiciFetch } from '@fieldsync/connector-bridge/node';
import { writeDeviceCredentials, type DeviceCredentials } from './device-credentials';

/** The app version the reference client reports to the bridge. */
export const CLI_APP_VERSION = '0.1.0';

/** What the reference client tells the bridge about the machine it runs on. */
export function deviceDescription(name?: string): { name: string; os: string; appVersion: string } {
  return { name: name ?? os.hostname(), os: `${os.type()} ${os.release()}`, appVersion: CLI_APP_VERSION };
}

/**
 * A bridge connector for a logged-in device database: resumes the stored session and rewrites the
 * credentials file whenever the session is refreshed (the refresh token is single use).
 */
export function bridgeConnectorFor(dbFile: string, credentials: DeviceCredentials): BridgeConnector {
  let current = credentials;
  return createBridgeConnector({
    url: credentials.bridge,
    userName: credentials.userName,
    deviceId: credentials.deviceId,
    tokens: credentials.session,
    appVersion: CLI_APP_VERSION,
    fetch: undiciFetch(credentials.ca ? { ca: readFileSync(credentials.ca) } : {}),
    onSession: (session) => {
      current = { ...current, session };
      writeDeviceCredentials(dbFile, current);
    },
  });
}
