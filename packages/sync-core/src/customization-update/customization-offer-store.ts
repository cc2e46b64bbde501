import type { CustomizationOffer } from '@fieldsync/connector-api';
import { readMeta, writeMeta } from '../local-store/device-meta';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import type { CustomizationDocument } from './offered-customization';

/** What the channel said about the customization the device uses. */
export interface AppliedCustomizationOffer {
  readonly version: string;
  readonly revision: number;
  readonly minAppVersion?: string;
  /** Settings the user may not change on the device. */
  readonly settingsReadOnly: boolean;
  readonly appliedAt: string;
}

/** Why a received customization update waits. */
export type PendingCustomizationReason = 'background-sync' | 'uploads-failed';

/** A customization update received and not applied yet, kept whole so the device can show and apply it. */
export interface PendingCustomization {
  readonly version: string;
  readonly revision: number;
  readonly minAppVersion?: string;
  readonly settingsReadOnly: boolean;
  readonly reason: PendingCustomizationReason;
  readonly receivedAt: string;
  readonly document: CustomizationDocument;
}

/** The channel's facts about the customization in use; undefined before the first one from a channel. */
export async function readAppliedOffer(db: LocalExecutor): Promise<AppliedCustomizationOffer | undefined> {
  return readMeta<AppliedCustomizationOffer>(db, 'customization_offer');
}

/** Records the offer whose customization was just applied (call it in the transaction that applies it). */
export async function writeAppliedOffer(db: LocalExecutor, offer: CustomizationOffer, now: string): Promise<void> {
  const applied: AppliedCustomizationOffer = {
    version: offer.version,
    revision: offer.revision,
    ...(offer.minAppVersion ? { minAppVersion: offer.minAppVersion } : {}),
    settingsReadOnly: offer.settingsReadOnly,
    appliedAt: now,
  };
  await writeMeta(db, 'customization_offer', applied);
}

/** The update waiting to be applied, if any. */
export async function readPendingCustomization(db: LocalExecutor): Promise<PendingCustomization | undefined> {
  return readMeta<PendingCustomization>(db, 'pending_customization');
}

/** Keeps an update for later (replacing an older waiting one), or with undefined forgets it. */
export async function writePendingCustomization(db: LocalExecutor, pending: PendingCustomization | undefined): Promise<void> {
  if (pending) await writeMeta(db, 'pending_customization', pending);
  else await db.deleteFrom(SYSTEM_TABLES.meta).where('key', '=', 'pending_customization').execute();
}
