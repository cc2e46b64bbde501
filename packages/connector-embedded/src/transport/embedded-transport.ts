/** The connector operations that go through the transport, one per store round trip. */
export type EmbeddedOperation =
  | 'signIn'
  | 'refresh'
  | 'whoAmI'
  | 'describe'
  | 'permissions'
  | 'count'
  | 'readPage'
  | 'readDeletes'
  | 'readSharingChanges'
  | 'write'
  | 'writeAttachment'
  | 'readAttachment';

/** One call the connector is about to make. */
export interface EmbeddedCall {
  readonly operation: EmbeddedOperation;
  /** The entity the call is about, when there is one. */
  readonly entity?: string;
}

/**
 * The hook between the embedded connector and the store, where a network would be: every call goes
 * through `send`, which runs it (or not). A transport may throw what a wire would make the connector
 * see: `RateLimitedError` for a refused call (a 429 with Retry-After; the connector waits and retries),
 * `TransientError` for a dropped connection or a lost answer, or the store's own errors.
 */
export interface EmbeddedTransport {
  /** Runs `run` for `call` and answers its result. */
  send<T>(call: EmbeddedCall, run: () => Promise<T>): Promise<T>;
}

/** The default transport: runs every call as it is. */
export const passThroughTransport: EmbeddedTransport = {
  send: (_call, run) => run(),
};
