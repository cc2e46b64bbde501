import type { Customization } from '@fieldsync/model';
import type { PendingCustomization } from '../customization-update/customization-offer-store';
import type { FetchedOffer } from '../customization-update/fetch-customization-offer';
import type { CustomizationDocument } from '../customization-update/offered-customization';

/** A customization update received in this sync and not applied yet. */
export interface OfferedUpdate {
  readonly offer: FetchedOffer['offer'];
  readonly document: CustomizationDocument;
  readonly customization: Customization;
}

/** The offered update as it waits on the device (`status().pendingCustomization`), received `now`. */
export function pendingOf(offered: OfferedUpdate, reason: 'background-sync' | 'uploads-failed', now: string): PendingCustomization {
  const { offer } = offered;
  return {
    version: offer.version,
    revision: offer.revision,
    ...(offer.minAppVersion ? { minAppVersion: offer.minAppVersion } : {}),
    settingsReadOnly: offer.settingsReadOnly,
    reason,
    receivedAt: now,
    document: offered.document,
  };
}
