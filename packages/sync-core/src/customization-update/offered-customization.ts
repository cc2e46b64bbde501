import type { CustomizationOffer } from '@fieldsync/connector-api';
import {
  FieldsyncError,
  customizationHash,
  customizationPartHashes,
  parseCustomization,
  type Customization,
  type CustomizationPartHashes,
  type Schema,
} from '@fieldsync/model';
import { CustomizationOfferInvalidError } from '../errors/customization-update-errors';

/** The content of a customization as the channel sends it: the three parts, parsed form (defaults applied). */
export interface CustomizationDocument {
  readonly entities: unknown;
  readonly settings: unknown;
  readonly blobStoreFilter?: string;
}

const PARTS = ['entities', 'settings', 'blobStoreFilter'] as const;

/**
 * Rebuilds the full customization an offer stands for: each part whose hash equals the device's
 * (`current`) is the device's own, every other part comes from the offer. Throws
 * {@link CustomizationOfferInvalidError} when a changed part is missing, a part does not hash to the
 * offered part hash, or the whole does not hash to `offer.version` (a truncated or tampered answer).
 */
export function rebuildOfferedDocument(current: Customization | undefined, offer: CustomizationOffer): CustomizationDocument {
  const known: CustomizationPartHashes | undefined = current ? customizationPartHashes(current) : undefined;
  const taken: Record<string, unknown> = {};
  for (const part of PARTS) {
    if (known && known[part] === offer.partHashes[part]) {
      taken[part] = part === 'blobStoreFilter' ? (current?.blobStoreFilter ?? null) : current?.[part];
      continue;
    }
    const value = offer.parts[part];
    // An absent blob store filter is a part too (it hashes as null); the other parts must be sent
    // (over GraphQL a part left out arrives as null).
    if ((value === undefined || value === null) && part !== 'blobStoreFilter')
      throw new CustomizationOfferInvalidError(offer.version, `the changed part '${part}' is missing from the offer`, { part });
    taken[part] = value ?? null;
  }
  const document: CustomizationDocument = {
    entities: taken.entities,
    settings: taken.settings,
    ...(typeof taken.blobStoreFilter === 'string' ? { blobStoreFilter: taken.blobStoreFilter } : {}),
  };
  const content = document as unknown as Omit<Customization, 'version'>;
  const hashes = customizationPartHashes(content);
  const wrong = PARTS.filter((part) => hashes[part] !== offer.partHashes[part]);
  if (wrong.length > 0)
    throw new CustomizationOfferInvalidError(
      offer.version,
      `the part${wrong.length > 1 ? 's' : ''} ${wrong.join(', ')} do${wrong.length > 1 ? '' : 'es'} not match ${wrong.length > 1 ? 'their hashes' : 'its hash'}`,
      { parts: wrong },
    );
  const version = customizationHash(content);
  if (version !== offer.version)
    throw new CustomizationOfferInvalidError(offer.version, `its parts hash to ${version.slice(0, 12)}, not to the version offered`, { computed: version });
  return document;
}

/**
 * Every entity a customization document names (its entities, and those its filters reach through
 * links): what the engine asks the server to describe before parsing it.
 */
export function entitiesNamedIn(document: CustomizationDocument | Customization): string[] {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'entity' && typeof child === 'string') names.add(child);
        else walk(child);
      }
    }
  };
  walk(document.entities);
  return [...names];
}

/**
 * Parses a rebuilt document against the server's schema. Throws {@link CustomizationOfferInvalidError}
 * with every issue when it does not fit the schema, or when the parsed customization's version is not
 * the offered one (the device would otherwise see an update at every sync).
 */
export function parseOfferedDocument(document: CustomizationDocument, schema: Schema, version: string): Customization {
  let customization: Customization;
  try {
    customization = parseCustomization(document, schema).customization;
  } catch (error) {
    if (!FieldsyncError.is(error, 'VALIDATION_FAILED')) throw error;
    throw new CustomizationOfferInvalidError(version, `it does not fit the server's schema: ${error.message}`, { issues: error.details.issues ?? [] });
  }
  if (customization.version !== version)
    throw new CustomizationOfferInvalidError(version, `parsed, it has version ${customization.version.slice(0, 12)}`, { computed: customization.version });
  return customization;
}
