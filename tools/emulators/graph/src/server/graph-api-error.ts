import { randomUUID } from 'node:crypto';

/**
 * An error the Graph emulator answers as Microsoft Graph does: an HTTP status and
 * `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 * Thrown anywhere below the HTTP layer; the server turns it into the response.
 */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';

  constructor(
    /** HTTP status, e.g. 404, 409, 410, 429. */
    readonly status: number,
    /** Graph's error code, e.g. `itemNotFound`, `nameAlreadyExists`, `resyncRequired`, `activityLimitReached`. */
    readonly code: string,
    message: string,
    /** Extra response headers (`Retry-After`, `WWW-Authenticate`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The JSON body Graph sends, stamped at `now`. */
  body(now: number): Record<string, unknown> {
    const requestId = randomUUID();
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: { date: new Date(now).toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': requestId },
      },
    };
  }

  /** Whether a thrown value is a {@link GraphApiError}. */
  static is(error: unknown): error is GraphApiError {
    return error instanceof GraphApiError;
  }
}
