import { ContractViolationError } from '@fieldsync/connector-api';
import { decodeUserErrors } from '../decode/decode-user-errors';
import { json, type JsonObject } from '../decode/json-reader';
import type { BridgeUserErrorEntry } from '../errors/bridge-user-error';
import type { BridgeSession } from '../session/bridge-session';

/** The selection of a `SessionPayload`, shared by signIn and refreshSession. */
export const SESSION_PAYLOAD_SELECTION = `session { accessToken refreshToken expiresAt userId deviceId } userErrors { field message code }`;

/** A decoded `SessionPayload`: a session, or the reasons there is none. */
export type SessionPayload =
  | { readonly session: BridgeSession; readonly userErrors: readonly [] }
  | { readonly session?: undefined; readonly userErrors: readonly BridgeUserErrorEntry[] };

/** Checks the payload of `signIn` or `refreshSession`: a session with non-empty tokens, or user errors. */
export function decodeSessionPayload(data: JsonObject, field: 'signIn' | 'refreshSession'): SessionPayload {
  const payload = json.object(data[field], field);
  const userErrors = decodeUserErrors(payload.userErrors, `${field}.userErrors`);
  if (userErrors.length > 0) return { userErrors };
  if (payload.session === null || payload.session === undefined) {
    throw new ContractViolationError('neither a session nor user errors', `${field}.session`);
  }
  const session = json.object(payload.session, `${field}.session`);
  const deviceId = json.optionalString(session.deviceId, `${field}.session.deviceId`);
  const decoded: BridgeSession = {
    accessToken: json.nonEmptyString(session.accessToken, `${field}.session.accessToken`),
    refreshToken: json.nonEmptyString(session.refreshToken, `${field}.session.refreshToken`),
    expiresAt: json.number(session.expiresAt, `${field}.session.expiresAt`),
    userId: json.nonEmptyString(session.userId, `${field}.session.userId`),
    ...(deviceId === undefined ? {} : { deviceId }),
  };
  return { session: decoded, userErrors: [] };
}
