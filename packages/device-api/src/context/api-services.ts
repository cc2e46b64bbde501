import type { BridgeStore } from '@fieldsync/bridge-store';
import type { TokenService } from '../auth/token-service';
import type { CrmBackend } from '../backend/crm-backend';
import type { FleetEvent, FleetEvents } from '../events/fleet-events';
import type { PageReadAhead } from '../resolvers/page-read-ahead';
import type { SettingsCache } from '../settings/settings-cache';

/** Where the API writes what happens (pino-compatible). */
export interface ApiLogger {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
  error(object: Record<string, unknown>, message?: string): void;
}

/** What every resolver may use; one per bridge. */
export interface ApiServices {
  readonly state: BridgeStore;
  readonly backend: CrmBackend;
  readonly tokens: TokenService;
  /** The bridge's clock, ms since epoch. */
  readonly now: () => number;
  /** Users holding this CRM security role may call the admin API (from a session without a device). */
  readonly adminRole: string;
  readonly log: ApiLogger;
  /** Reads the next page of a paged read ahead of the device's request; absent: no read-ahead. */
  readonly readAhead?: PageReadAhead;
  /** Keeps the settings briefly between requests; absent: every request reads them from the state. */
  readonly settingsCache?: SettingsCache;
  /** Fleet events for admin subscriptions; `createDeviceApi` makes in-process ones when absent. */
  readonly events?: FleetEvents;
}

/** Tells the admins' live views about `kind` on `deviceId`, now. */
export function publishFleetEvent(services: ApiServices, kind: FleetEvent['kind'], deviceId: string): void {
  services.events?.publish({ kind, deviceId, at: nowIso(services) });
}

/** The bridge's clock as a canonical UTC string. */
export function nowIso(services: ApiServices): string {
  return new Date(services.now()).toISOString();
}
