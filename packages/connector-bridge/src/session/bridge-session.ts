import type { Session } from '@fieldsync/connector-api';

/**
 * A bridge session as the caller persists it: the connector-api `Session` plus the refresh token
 * (single use: each refresh answers a new one and the old one stops working) and the bound device.
 */
export interface BridgeSession extends Session {
  readonly refreshToken: string;
  /** The device the tokens are bound to; absent for an admin session. */
  readonly deviceId?: string;
}
