import { decodeAnchorJson, encodeAnchorJson, InvalidAnchorError } from '@fieldsync/connector-api';
import type { Anchor } from '@fieldsync/model';

/**
 * What a Dynamics anchor holds (docs/decisions/096).
 * - `full`: a full read in progress. `next` is the `@odata.nextLink` of its next page. On a
 *   change-tracked entity `delta` is the delta link taken when the read began (absent while an
 *   unfiltered change-tracking read runs: its delta link arrives with its last page); on an entity
 *   without change tracking `mark` is the highest `versionnumber` when the read began.
 * - `changes`: change tracking. `delta` is the `@odata.deltaLink` every change before which has been
 *   read; `next`, while a read of the changes after it is between pages, the nextLink of its next
 *   page. A resumed read whose nextLink is refused starts again from `delta` and loses nothing.
 *   When the server answers more changes than the page holds without a nextLink (it ignored
 *   `odata.maxpagesize`), the read pages them itself: `after` is the highest row version (from the
 *   ETag) of the changed rows already returned, `skipDeleted` how many deleted rows were returned.
 * - `versions`: RowVersion (entities without change tracking). Every record with `versionnumber`
 *   up to `mark` has been read.
 */
export type DynamicsAnchor =
  | { readonly phase: 'full'; readonly entity: string; readonly next?: string; readonly delta?: string; readonly mark?: string }
  | {
      readonly phase: 'changes';
      readonly entity: string;
      readonly delta: string;
      readonly next?: string;
      readonly after?: string;
      readonly skipDeleted?: number;
    }
  | { readonly phase: 'versions'; readonly entity: string; readonly mark: string };

/** Makes the opaque anchor text (base64url of JSON) of a {@link DynamicsAnchor}. */
export function encodeDynamicsAnchor(anchor: DynamicsAnchor): Anchor {
  return encodeAnchorJson(anchor);
}

const isLink = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//.test(value);
const isVersion = (value: unknown): value is string => typeof value === 'string' && /^\d+$/.test(value);

/**
 * Reads an anchor made by {@link encodeDynamicsAnchor}. Throws {@link InvalidAnchorError} when it is
 * not one, or when it was made for another entity than `entity`.
 */
export function decodeDynamicsAnchor(anchor: string, entity: string): DynamicsAnchor {
  const c = decodeAnchorJson(anchor, entity);
  const optional = (name: string, valid: (value: unknown) => boolean, what: string): Record<string, string> => {
    if (c[name] === undefined) return {};
    if (!valid(c[name])) throw new InvalidAnchorError(anchor, `'${name}' is not ${what}`);
    return { [name]: c[name] as string };
  };
  switch (c.phase) {
    case 'full': {
      const read = { ...optional('next', isLink, 'a link'), ...optional('delta', isLink, 'a link'), ...optional('mark', isVersion, 'a version number') };
      if (read.delta !== undefined && read.mark !== undefined) throw new InvalidAnchorError(anchor, "'delta' and 'mark' exclude each other");
      return { phase: 'full', entity, ...read };
    }
    case 'changes':
      if (!isLink(c.delta)) throw new InvalidAnchorError(anchor, "'delta' is not a link");
      if (c.skipDeleted !== undefined && (!Number.isInteger(c.skipDeleted) || (c.skipDeleted as number) < 0))
        throw new InvalidAnchorError(anchor, "'skipDeleted' is not a count");
      return {
        phase: 'changes',
        entity,
        delta: c.delta,
        ...optional('next', isLink, 'a link'),
        ...optional('after', isVersion, 'a version number'),
        ...(c.skipDeleted === undefined ? {} : { skipDeleted: c.skipDeleted as number }),
      };
    case 'versions':
      if (!isVersion(c.mark)) throw new InvalidAnchorError(anchor, "'mark' is not a version number");
      return { phase: 'versions', entity, mark: c.mark };
    default:
      throw new InvalidAnchorError(anchor, `unknown phase '${String(c.phase)}'`);
  }
}
