import type { StoredDevice } from '@fieldsync/bridge-store';
import type { CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import { clientNetwork } from '../auth/client-network';
import type { AccessClaims } from '../auth/token-service';
import type { BackendUser } from '../backend/crm-backend';
import { resolveBridgeSettings, type BridgeSettings } from '../settings/bridge-settings';
import type { ApiServices } from './api-services';

/** The signed-in caller of one request. */
export interface Caller extends AccessClaims {
  readonly user: BackendUser;
}

/** A caller bound to a registered device. */
export interface DeviceCaller extends Caller {
  readonly deviceId: string;
  readonly device: StoredDevice;
}

/** The per-request context every resolver receives. */
export interface RequestContext {
  readonly services: ApiServices;
  /** The network the request came from ({@link clientNetwork} of the peer address); undefined when unknown. */
  readonly clientAddress?: string;
  /** The signed-in caller; throws `UNAUTHENTICATED` / `DEVICE_REVOKED`. */
  caller(): Promise<Caller>;
  /** The signed-in caller even from a wiped device (for `capabilities`, which a wiped device needs before it can learn its order). */
  callerEvenIfWiped(): Promise<Caller>;
  /** The caller's device token; throws `FORBIDDEN` for a session without a device. */
  deviceSession(): Promise<Caller & { readonly deviceId: string }>;
  /** The caller's registered device; throws `DEVICE_NOT_REGISTERED` before `registerDevice`. */
  device(): Promise<DeviceCaller>;
  /**
   * The caller's registered device even when an admin wiped it: only for the two calls a wiped device
   * may still make with an access token that has not expired yet, learning its orders
   * (`deviceControl`) and reporting its wipe done (`completeCommand`).
   */
  deviceEvenIfWiped(): Promise<DeviceCaller>;
  /** An admin caller (admin role, a session without a device); throws `FORBIDDEN` otherwise. */
  admin(): Promise<Caller>;
  /** The CRM connector acting as the caller. */
  connector(): Promise<CrmConnector>;
  /** The bridge's settings now. */
  settings(): Promise<BridgeSettings>;
}

/** Builds the context of one request from its Authorization header and the client's address (as the HTTP server saw it). */
export function createRequestContext(services: ApiServices, authorization: string | null, clientAddress?: string): RequestContext {
  const network = clientNetwork(clientAddress);
  let strictPromise: Promise<Authenticated> | undefined;
  let lenientPromise: Promise<Authenticated> | undefined;
  const strict = (): Promise<Authenticated> => (strictPromise ??= authenticate(services, authorization, false));
  const lenient = (): Promise<Authenticated> => (lenientPromise ??= authenticate(services, authorization, true));
  const caller = async (): Promise<Caller> => (await strict()).caller;
  const lenientCaller = async (): Promise<Caller> => (await lenient()).caller;
  const sessionOf = async (found: Caller) => {
    if (found.deviceId === undefined) throw new FieldsyncError('FORBIDDEN', 'this operation needs a device session: sign in with a deviceId');
    return found as Caller & { deviceId: string };
  };
  const deviceSession = async () => sessionOf(await caller());
  // The device row the token check read in this request serves the resolvers too: one read per request.
  // A device missing then is read again, since `registerDevice` may have registered it since.
  const registered = async ({ caller: found, device: checked }: Authenticated): Promise<DeviceCaller> => {
    const session = await sessionOf(found);
    const device = checked ?? (await services.state.devices.get(session.deviceId));
    if (!device)
      throw new FieldsyncError('DEVICE_NOT_REGISTERED', `device ${session.deviceId} is not registered: call registerDevice first`, {
        deviceId: session.deviceId,
      });
    return { ...session, device };
  };
  return {
    services,
    ...(network === undefined ? {} : { clientAddress: network }),
    caller,
    callerEvenIfWiped: lenientCaller,
    deviceSession,
    async device() {
      return registered(await strict());
    },
    async deviceEvenIfWiped() {
      return registered(await lenient());
    },
    async admin() {
      const found = await caller();
      if (found.deviceId !== undefined) throw new FieldsyncError('FORBIDDEN', 'admin operations are refused to device sessions; sign in without a deviceId');
      if (!found.user.roles.includes(services.adminRole)) throw new FieldsyncError('FORBIDDEN', `admin operations need the ${services.adminRole} role`);
      return found;
    },
    async connector() {
      return services.backend.connectorFor((await caller()).userId);
    },
    async settings() {
      if (services.settingsCache) return services.settingsCache.get();
      return resolveBridgeSettings(await services.state.settings.all());
    },
  };
}

/**
 * Checks the bearer token: signature and expiry, its session family not ended (refresh-token reuse
 * and sign-out end a family's access tokens at once, decision 117), the device not wiped (a wipe
 * ends its tokens at once), the user still enabled. A rotated session's access tokens live out
 * their short lifetime.
 */
/** A checked token's caller, with the device row read for the check (undefined for a session without a device, or a device not registered). */
interface Authenticated {
  readonly caller: Caller;
  readonly device: StoredDevice | undefined;
}

async function authenticate(services: ApiServices, authorization: string | null, allowWiped: boolean): Promise<Authenticated> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new FieldsyncError('UNAUTHENTICATED', 'sign in first: no bearer token in the Authorization header');
  const claims = await services.tokens.verifyAccessToken(match[1]);
  const [session, device] = await Promise.all([
    services.state.sessions.get(claims.sessionId),
    claims.deviceId === undefined ? undefined : services.state.devices.get(claims.deviceId),
  ]);
  if (!session || session.familyEndedAt !== undefined) throw new FieldsyncError('UNAUTHENTICATED', 'this session has ended; sign in again');
  if (device?.state === 'wiped' && !allowWiped) throw new FieldsyncError('DEVICE_REVOKED', 'this device was wiped by an administrator; its session has ended');
  const user = await services.backend.user(claims.userId);
  if (!user || user.disabled) throw new FieldsyncError('UNAUTHENTICATED', 'the user is disabled or no longer exists');
  return { caller: { ...claims, user }, device };
}
