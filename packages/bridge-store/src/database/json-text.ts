import { BridgeStoreError } from '../errors/bridge-store-error';

/**
 * The JSON text of a value, as JSON columns store it on both dialects. Throws `BridgeStoreError`
 * `INVALID_ARGUMENT` for a value JSON cannot hold (undefined, a function, a cycle, a bigint).
 */
export function toJsonText(value: unknown, field: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new BridgeStoreError('INVALID_ARGUMENT', `${field}: not representable as JSON`, { field }, { cause: error });
  }
  if (text === undefined) throw new BridgeStoreError('INVALID_ARGUMENT', `${field}: not representable as JSON`, { field });
  return text;
}

/** The value of a JSON column. */
export function fromJsonText(text: string): unknown {
  return JSON.parse(text);
}
