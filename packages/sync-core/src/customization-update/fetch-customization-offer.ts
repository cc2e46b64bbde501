import type { CustomizationOffer, DeviceChannel } from '@fieldsync/connector-api';
import { customizationPartHashes, type Customization } from '@fieldsync/model';
import { AppUpdateRequiredError, CustomizationOfferInvalidError } from '../errors/customization-update-errors';
import { compareAppVersions, isAppVersion } from './compare-app-versions';
import { rebuildOfferedDocument, type CustomizationDocument } from './offered-customization';

/** The customization the channel offers, with the full document when it differs from the device's. */
export interface FetchedOffer {
  readonly offer: CustomizationOffer;
  /** The rebuilt document of a new version (its hash checked); absent when the device has this version. */
  readonly document?: CustomizationDocument;
}

/**
 * Asks the channel for the user's customization, sending the hashes of the device's parts so only
 * changed parts travel. Throws `NoCustomizationError` (from the channel) when none is published,
 * {@link AppUpdateRequiredError} when the app is older than the offer's `minAppVersion`, and
 * `CustomizationOfferInvalidError` when the parts do not add up to the offered version. Changes nothing.
 */
export async function fetchCustomizationOffer(
  channel: Pick<DeviceChannel, 'customization'>,
  active: Customization | undefined,
  appVersion: string,
): Promise<FetchedOffer> {
  const offer = await channel.customization(active ? customizationPartHashes(active) : undefined);
  if (offer.minAppVersion !== undefined && offer.minAppVersion !== null) {
    if (!isAppVersion(offer.minAppVersion))
      throw new CustomizationOfferInvalidError(offer.version, `its minAppVersion '${offer.minAppVersion}' is not a version`);
    if (compareAppVersions(offer.minAppVersion, appVersion) > 0) throw new AppUpdateRequiredError(offer.minAppVersion, appVersion);
  }
  if (active && active.version === offer.version) return { offer };
  return { offer, document: rebuildOfferedDocument(active, offer) };
}
