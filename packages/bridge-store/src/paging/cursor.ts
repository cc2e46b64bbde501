import { BridgeStoreError } from '../errors/bridge-store-error';

/** What a cursor holds: the listing it belongs to and the sort key of the row it points at. */
type CursorKey = readonly (string | number)[];

/**
 * An opaque cursor: base64url of the listing's name and the row's sort key. Callers only hand it back.
 * @example encodeCursor('device', ['dev-42'])
 */
export function encodeCursor(listing: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([listing, ...key]), 'utf8').toString('base64url');
}

/**
 * The sort key of a cursor from {@link encodeCursor} for the same listing, with `arity` parts.
 * Throws `BridgeStoreError` `INVALID_CURSOR` for anything else.
 */
export function decodeCursor(listing: string, cursor: string, arity: number): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const parts: readonly unknown[] = Array.isArray(parsed) ? parsed : [];
  const key = parts.slice(1);
  const valid = parts.length === arity + 1 && parts[0] === listing && key.every((part) => typeof part === 'string' || typeof part === 'number');
  if (!valid) throw new BridgeStoreError('INVALID_CURSOR', `not a cursor of the ${listing} listing: ${cursor}`, { listing, cursor });
  return key as CursorKey;
}
