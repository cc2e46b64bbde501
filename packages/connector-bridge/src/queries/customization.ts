import type { CustomizationOffer } from '@fieldsync/connector-api';
import type { CustomizationPartHashes } from '@fieldsync/model';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `customization` query; parts whose hash equals `known`'s are left out by the bridge. */
export function customizationRequest(known: CustomizationPartHashes | undefined, appVersion: string | undefined): GraphqlRequest {
  return {
    operationName: 'Customization',
    query: `query Customization($known: CustomizationPartHashesInput, $appVersion: String) {
  customization(known: $known, appVersion: $appVersion) {
    version revision minAppVersion settingsReadOnly
    partHashes { entities settings blobStoreFilter }
    parts { entities settings blobStoreFilter }
  }
}`,
    variables: {
      known: known === undefined ? null : { entities: known.entities, settings: known.settings, blobStoreFilter: known.blobStoreFilter },
      appVersion: appVersion ?? null,
    },
  };
}

/**
 * Checks the offer. GraphQL answers null both for a part left out and for an empty blob store filter,
 * so a part is left out exactly when its hash equals the known one; otherwise it is passed on, null included.
 */
export function decodeCustomization(data: JsonObject, known: CustomizationPartHashes | undefined): CustomizationOffer {
  const at = 'customization';
  const offer = json.object(data.customization, at);
  const hashes = json.object(offer.partHashes, `${at}.partHashes`);
  const partHashes: CustomizationPartHashes = {
    entities: json.nonEmptyString(hashes.entities, `${at}.partHashes.entities`),
    settings: json.nonEmptyString(hashes.settings, `${at}.partHashes.settings`),
    blobStoreFilter: json.nonEmptyString(hashes.blobStoreFilter, `${at}.partHashes.blobStoreFilter`),
  };
  const sent = json.object(offer.parts, `${at}.parts`);
  const changed = (part: keyof CustomizationPartHashes): boolean => known === undefined || known[part] !== partHashes[part];
  const parts: { entities?: unknown; settings?: unknown; blobStoreFilter?: string | null } = {
    ...(changed('entities') ? { entities: json.array(sent.entities, `${at}.parts.entities`) } : {}),
    ...(changed('settings') ? { settings: json.object(sent.settings, `${at}.parts.settings`) } : {}),
    ...(changed('blobStoreFilter') ? { blobStoreFilter: json.optionalString(sent.blobStoreFilter, `${at}.parts.blobStoreFilter`) ?? null } : {}),
  };
  const minAppVersion = json.optionalString(offer.minAppVersion, `${at}.minAppVersion`);
  return {
    version: json.nonEmptyString(offer.version, `${at}.version`),
    revision: json.count(offer.revision, `${at}.revision`),
    ...(minAppVersion === undefined ? {} : { minAppVersion }),
    partHashes,
    parts,
    settingsReadOnly: json.boolean(offer.settingsReadOnly, `${at}.settingsReadOnly`),
  };
}
