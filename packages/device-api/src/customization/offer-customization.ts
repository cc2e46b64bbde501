import { NoCustomizationError, type CustomizationOffer } from '@fieldsync/connector-api';
import type { CustomizationPartHashes } from '@fieldsync/model';
import type { ApiServices } from '../context/api-services';

/**
 * The customization a user with `roles` gets, with only the parts whose hash differs from `known`.
 * Throws `NoCustomizationError` when no published revision is assigned to any of the roles.
 */
export async function offerCustomization(services: ApiServices, roles: readonly string[], known?: CustomizationPartHashes): Promise<CustomizationOffer> {
  const stored = await services.state.customizations.forRoles(roles);
  if (!stored) throw new NoCustomizationError();
  const content = stored.content as { entities: unknown; settings: unknown; blobStoreFilter?: string | null };
  const hashes = stored.partHashes;
  return {
    version: stored.version,
    revision: stored.revision,
    ...(stored.minAppVersion ? { minAppVersion: stored.minAppVersion } : {}),
    partHashes: hashes,
    parts: {
      ...(known?.entities !== hashes.entities ? { entities: content.entities } : {}),
      ...(known?.settings !== hashes.settings ? { settings: content.settings } : {}),
      ...(known?.blobStoreFilter !== hashes.blobStoreFilter ? { blobStoreFilter: content.blobStoreFilter ?? null } : {}),
    },
    settingsReadOnly: stored.settingsReadOnly,
  };
}
