import { BridgeStoreError } from '../errors/bridge-store-error';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The canonical UTC form (`2026-11-23T10:00:00.000Z`) of an ISO-8601 time with a zone, the only form
 * the store writes, so that times compare as text on both dialects. Throws `BridgeStoreError`
 * `INVALID_ARGUMENT` for anything else (a date without time or zone is refused, not guessed).
 */
export function canonicalTime(value: string, field: string): string {
  const date = typeof value === 'string' && ISO_8601.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new BridgeStoreError('INVALID_ARGUMENT', `${field}: not an ISO-8601 time with a zone: ${String(value)}`, { field, value: String(value) });
  }
  return date.toISOString();
}

/** {@link canonicalTime} for an optional value. */
export function canonicalTimeOrNull(value: string | undefined, field: string): string | null {
  return value === undefined ? null : canonicalTime(value, field);
}
