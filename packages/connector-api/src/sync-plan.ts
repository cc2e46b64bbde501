import { FieldsyncError, type Anchor, type CustomizationPartHashes, type Schema } from '@fieldsync/model';
import type { PermissionSet } from './permissions';
import type { CountRequest, EntityCounts } from './read-requests';
import type { CustomizationOffer, DeviceControlState } from './device-channel';
import type { WhoAmI } from './session';

/**
 * One part of a {@link SyncPlan}: the value the separate call answers, or the error it throws
 * (`DEVICE_REVOKED`, `NO_CUSTOMIZATION`, `FULL_RESYNC_REQUIRED`...). A passing failure of any part
 * (`TRANSIENT`, `RATE_LIMITED`, an expired session) fails the whole plan instead, to be retried as a whole.
 */
export type SyncPlanPart<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FieldsyncError };

/** What the start of a sync asks for in one {@link DeviceChannel.syncPlan} round trip. */
export interface SyncPlanRequest {
  /** The hashes of the device's customization parts, as `customization(known)` takes them. */
  readonly known?: CustomizationPartHashes;
  /** The app's version, as `customization` takes it. */
  readonly appVersion?: string;
  /**
   * Entities to describe; the entities the offered customization's `entities` part names (when it is
   * sent) are added. @default none but those
   */
  readonly describe?: readonly string[];
  /** The sync analyzer's counts (each `count` with `since`), answered in the same order. @default none */
  readonly counts?: readonly (CountRequest & { readonly since: Anchor })[];
}

/** The CRM side of a sync plan, each part as the connector's own call answers it for the signed-in user. */
export interface SyncPlanServer {
  readonly whoAmI: SyncPlanPart<WhoAmI>;
  readonly permissions: SyncPlanPart<PermissionSet>;
  /** The entities in `described`, as `describe(described)` answers them. */
  readonly schema: SyncPlanPart<Schema>;
  /** The names described: those asked, then those the offered customization names. */
  readonly described: readonly string[];
  /** One part per `SyncPlanRequest.counts` entry, in its order. */
  readonly counts: readonly SyncPlanPart<EntityCounts>[];
}

/**
 * The start of a sync in one answer: the admin's orders (fetching them marks pending commands
 * delivered, as `deviceControl` does), the customization offer, and, from a channel that is also the
 * CRM connector (a bridge), WhoAmI, permissions, the schema and the analyzer's counts. Each part is
 * checked as its separate call is: a plan never answers what the separate call would refuse.
 */
export interface SyncPlan {
  readonly control: SyncPlanPart<DeviceControlState>;
  readonly customization: SyncPlanPart<CustomizationOffer>;
  /** Absent from a channel that is not the CRM connector. */
  readonly server?: SyncPlanServer;
}

/** The value of a plan part, or its error thrown: what the separate call would have done. */
export function valueOfPlanPart<T>(part: SyncPlanPart<T>): T {
  if (!part.ok) throw part.error;
  return part.value;
}

/** Codes of passing failures: they fail a whole plan (retried or renewed as a whole), never one part. */
const PASSING_CODES: ReadonlySet<string> = new Set(['TRANSIENT', 'RATE_LIMITED', 'AUTH_EXPIRED', 'UNAUTHENTICATED']);

/**
 * Runs one part of a plan (the separate call it stands for) and keeps its answer or its refusal (a
 * `FieldsyncError`); a passing failure (`TRANSIENT`, `RATE_LIMITED`, an expired session) and any other
 * error are thrown, failing the plan. For channels that build a plan from their own calls.
 */
export async function planPartOf<T>(work: () => Promise<T>): Promise<SyncPlanPart<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!FieldsyncError.is(error) || PASSING_CODES.has((error as FieldsyncError).code)) throw error;
    return { ok: false, error: error as FieldsyncError };
  }
}
