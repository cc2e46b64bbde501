/** One HTTP request inside a `$batch`. */
export interface BatchRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the Web API root (`accounts(…)`), absolute, or a `$n` Content-ID reference. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Unique in the whole batch; later requests of the same change set may reference it as `$id`. */
  readonly contentId: string;
}

/** A top-level part of a `$batch`: one request on its own, or an atomic change set. */
export type BatchItem =
  { readonly kind: 'request'; readonly request: BatchRequest } | { readonly kind: 'changeSet'; readonly requests: readonly BatchRequest[] };

/** One HTTP response read from a `$batch` answer. */
export interface BatchPartResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body text ('' when there is none). */
  readonly body: string;
  /** The Content-ID the part answers, when it carries one. */
  readonly contentId?: string;
}

/**
 * A top-level part of a `$batch` answer: a response, or the responses of a change set. A change set
 * that failed is answered by one response (the error), not one per request.
 */
export type BatchAnswerItem =
  { readonly kind: 'response'; readonly response: BatchPartResponse } | { readonly kind: 'changeSet'; readonly responses: readonly BatchPartResponse[] };
