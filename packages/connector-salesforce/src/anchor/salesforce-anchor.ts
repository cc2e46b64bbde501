import { parseIsoDateTime, type Anchor } from '@fieldsync/model';
import { decodeAnchorJson, encodeAnchorJson, InvalidAnchorError } from '@fieldsync/connector-api';

/** A `(SystemModstamp, Id)` position: every record before it in `ORDER BY SystemModstamp, Id` has been read. */
export interface ModstampCursor {
  /** SystemModstamp, canonical ISO-8601 UTC. */
  readonly ts: string;
  readonly id: string;
}

/**
 * What a Salesforce anchor holds.
 * - `full`: a full read that began at `start` (so the changes made during it are read afterwards),
 *   has read every record up to Id `lastId` and may continue with the query locator `locator`
 *   (which can expire: then it continues with `Id > lastId`);
 * - `changes`: every change up to `mark` has been read; an incremental read in progress also has
 *   `readStart` (when it began) and `cursor` (its position). `deletesFrom` is where the next
 *   getDeleted window starts (the last `latestDateCovered`, which can lag).
 */
export type SalesforceAnchor =
  | { readonly phase: 'full'; readonly entity: string; readonly start: string; readonly lastId?: string; readonly locator?: string }
  | {
      readonly phase: 'changes';
      readonly entity: string;
      readonly mark: string;
      readonly deletesFrom?: string;
      readonly readStart?: string;
      readonly cursor?: ModstampCursor;
    };

/** Makes the opaque anchor text (base64url of JSON) of a {@link SalesforceAnchor}. */
export function encodeSalesforceAnchor(anchor: SalesforceAnchor): Anchor {
  return encodeAnchorJson(anchor);
}

/** The instant changes are listed after: `start` of a full read, `mark` of a changes anchor. */
export function anchorInstant(anchor: SalesforceAnchor): string {
  return anchor.phase === 'full' ? anchor.start : anchor.mark;
}

const isInstant = (value: unknown): value is string => typeof value === 'string' && parseIsoDateTime(value) !== undefined;
const isOptionalText = (value: unknown): boolean => value === undefined || (typeof value === 'string' && value.length > 0);

/**
 * Reads an anchor made by {@link encodeSalesforceAnchor}. Throws {@link InvalidAnchorError} when it is
 * not one, or when it was made for another entity than `entity`.
 */
export function decodeSalesforceAnchor(anchor: string, entity: string): SalesforceAnchor {
  const c = decodeAnchorJson(anchor, entity);
  if (c.phase === 'full') {
    if (!isInstant(c.start)) throw new InvalidAnchorError(anchor, "'start' is not an ISO-8601 instant");
    if (!isOptionalText(c.lastId)) throw new InvalidAnchorError(anchor, "'lastId' is not an id");
    if (!isOptionalText(c.locator)) throw new InvalidAnchorError(anchor, "'locator' is not text");
    return {
      phase: 'full',
      entity,
      start: c.start,
      ...(c.lastId === undefined ? {} : { lastId: c.lastId as string }),
      ...(c.locator === undefined ? {} : { locator: c.locator as string }),
    };
  }
  if (c.phase === 'changes') {
    if (!isInstant(c.mark)) throw new InvalidAnchorError(anchor, "'mark' is not an ISO-8601 instant");
    if (c.deletesFrom !== undefined && !isInstant(c.deletesFrom)) throw new InvalidAnchorError(anchor, "'deletesFrom' is not an ISO-8601 instant");
    if (c.readStart !== undefined && !isInstant(c.readStart)) throw new InvalidAnchorError(anchor, "'readStart' is not an ISO-8601 instant");
    let cursor: ModstampCursor | undefined;
    if (c.cursor !== undefined) {
      const k = c.cursor as Record<string, unknown> | null;
      if (typeof k !== 'object' || k === null || !isInstant(k.ts) || typeof k.id !== 'string' || k.id.length === 0) {
        throw new InvalidAnchorError(anchor, "'cursor' is not a (SystemModstamp, Id) pair");
      }
      cursor = { ts: k.ts, id: k.id };
    }
    if ((cursor === undefined) !== (c.readStart === undefined)) throw new InvalidAnchorError(anchor, "'cursor' and 'readStart' go together");
    return {
      phase: 'changes',
      entity,
      mark: c.mark,
      ...(c.deletesFrom === undefined ? {} : { deletesFrom: c.deletesFrom as string }),
      ...(cursor === undefined ? {} : { readStart: c.readStart as string, cursor }),
    };
  }
  throw new InvalidAnchorError(anchor, `unknown phase '${String(c.phase)}'`);
}
