/**
 * An opaque position in a backend's change stream, made by the connector that returns it and
 * only ever handed back to that connector. Clients store it per entity and must not parse it.
 */
export type Anchor = string & { readonly __anchor: unique symbol };

/** Wraps a connector-made string as an {@link Anchor}. Only connectors call this. */
export function toAnchor(value: string): Anchor {
  return value as Anchor;
}
