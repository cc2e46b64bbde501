import type { Anchor } from '@fieldsync/model';
import { decodeAnchorJson, encodeAnchorJson, InvalidAnchorError } from '@fieldsync/connector-api';

/**
 * What an embedded anchor holds. `full`: a full read in progress that started when the store was at
 * version `start` and has read up to primary key `afterId`; `changes`: every change up to version `v`
 * has been read.
 */
export type EmbeddedAnchor =
  | { readonly phase: 'full'; readonly entity: string; readonly start: number; readonly afterId?: string }
  | { readonly phase: 'changes'; readonly entity: string; readonly v: number };

/** Makes the opaque anchor text (base64url of JSON) of an {@link EmbeddedAnchor}. */
export function encodeEmbeddedAnchor(anchor: EmbeddedAnchor): Anchor {
  return encodeAnchorJson(anchor);
}

/** The version a change or delete listing continues after: `start` of a full read, `v` of a changes anchor. */
export function anchorVersion(anchor: EmbeddedAnchor): number {
  return anchor.phase === 'full' ? anchor.start : anchor.v;
}

const isVersion = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Reads an anchor made by {@link encodeEmbeddedAnchor}. Throws {@link InvalidAnchorError} when it is
 * not one, or when it was made for another entity than `entity`.
 */
export function decodeEmbeddedAnchor(anchor: string, entity: string): EmbeddedAnchor {
  const candidate = decodeAnchorJson(anchor, entity);
  if (candidate.phase === 'full') {
    if (!isVersion(candidate.start)) throw new InvalidAnchorError(anchor, "'start' is not a version");
    if (candidate.afterId !== undefined && typeof candidate.afterId !== 'string') {
      throw new InvalidAnchorError(anchor, "'afterId' is not text");
    }
    return { phase: 'full', entity, start: candidate.start, afterId: candidate.afterId as string | undefined };
  }
  if (candidate.phase === 'changes') {
    if (!isVersion(candidate.v)) throw new InvalidAnchorError(anchor, "'v' is not a version");
    return { phase: 'changes', entity, v: candidate.v };
  }
  throw new InvalidAnchorError(anchor, `unknown phase '${String(candidate.phase)}'`);
}
