import { sha256 as sha256Digest } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { canonicalJson } from './canonical-json';
import type { Customization } from './customization';

/** The hash of each part of a customization, so a device downloads only the parts that changed. */
export interface CustomizationPartHashes {
  readonly entities: string;
  readonly settings: string;
  readonly blobStoreFilter: string;
}

/**
 * SHA-256 (hex) of the customization's content: entities, settings and blob store filter as canonical
 * JSON. Key order does not matter; `version` is not part of it (the version is this hash).
 */
export function customizationHash(customization: Omit<Customization, 'version'>): string {
  return sha256(
    canonicalJson({
      entities: customization.entities,
      settings: customization.settings,
      blobStoreFilter: customization.blobStoreFilter ?? null,
    }),
  );
}

/** SHA-256 (hex) of each part's canonical JSON; an absent blob store filter hashes as `null`. */
export function customizationPartHashes(customization: Omit<Customization, 'version'>): CustomizationPartHashes {
  return {
    entities: sha256(canonicalJson(customization.entities)),
    settings: sha256(canonicalJson(customization.settings)),
    blobStoreFilter: sha256(canonicalJson(customization.blobStoreFilter ?? null)),
  };
}

/** Synchronous and the same on Node, browsers and React Native (Web Crypto's digest is async only). */
function sha256(text: string): string {
  return bytesToHex(sha256Digest(utf8ToBytes(text)));
}
