/** What {@link BridgeFetch} sends: always a JSON POST with a timeout signal. */
export interface BridgeFetchInit {
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly signal: AbortSignal;
}

/** The part of a fetch `Response` the client reads. */
export interface BridgeFetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * How the client sends a request: the platform's `fetch` (browsers, Node 20, React Native) has this
 * shape, and so has undici's. A `close` method, when present, is called (and awaited) when the client
 * closes, to release the connections of a fetch made for it (see `undiciFetch` in the `node` entry).
 */
export interface BridgeFetch {
  (url: string, init: BridgeFetchInit): Promise<BridgeFetchResponse>;
  close?(): Promise<void>;
}

/** The platform's `fetch`, looked up when a request is sent (so a host may install it late). */
export const platformFetch: BridgeFetch = (url, init) => {
  const fetch = (globalThis as { fetch?: (url: string, init: BridgeFetchInit) => Promise<BridgeFetchResponse> }).fetch;
  if (typeof fetch !== 'function') throw new TypeError('this host has no global fetch; pass a fetch in the connector options');
  return fetch(url, init);
};
