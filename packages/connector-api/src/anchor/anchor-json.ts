import { FieldsyncError, toAnchor, type Anchor } from '@fieldsync/model';

/**
 * An anchor handed to a connector was not made by it (not base64url JSON of an object it knows) or
 * belongs to another entity. Retry: no; start a full read without an anchor.
 */
export class InvalidAnchorError extends FieldsyncError {
  constructor(
    /** The anchor as given, cut to 80 characters. */
    readonly anchor: string,
    readonly reason: string,
  ) {
    const shown = anchor.length > 80 ? `${anchor.slice(0, 80)}…` : anchor;
    super('INVALID_ANCHOR', `invalid anchor '${shown}': ${reason}`, { anchor: shown, reason });
  }
}

/** Makes opaque anchor text (base64url of JSON) of a connector's anchor object, which names its entity. */
export function encodeAnchorJson(anchor: { readonly entity: string }): Anchor {
  return toAnchor(Buffer.from(JSON.stringify(anchor), 'utf8').toString('base64url'));
}

/**
 * Reads anchor text made by {@link encodeAnchorJson} back into its fields, for the connector to check
 * further. Throws {@link InvalidAnchorError} when it is not base64url JSON of an object, or when it
 * was made for another entity than `entity`.
 */
export function decodeAnchorJson(anchor: string, entity: string): Readonly<Record<string, unknown>> {
  if (typeof anchor !== 'string' || !/^[A-Za-z0-9_-]+$/.test(anchor)) throw new InvalidAnchorError(String(anchor), 'not base64url text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(anchor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidAnchorError(anchor, 'not JSON once decoded');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidAnchorError(anchor, 'not an object once decoded');
  const fields = parsed as Record<string, unknown>;
  if (fields.entity !== entity) throw new InvalidAnchorError(anchor, `made for entity '${String(fields.entity)}', used for '${entity}'`);
  return fields;
}
