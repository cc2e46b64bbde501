/**
 * What one failed call to the Web API (or one failed part of a `$batch`) answered: the raw material
 * {@link mapDynamicsError} turns into a typed error.
 */
export interface DynamicsCallFailure {
  /** Dataverse's `error.code` (`0x80040217`), or a socket error code (`ECONNRESET`), or ''. */
  readonly errorCode: string;
  readonly message: string;
  /** HTTP status, when an answer came. */
  readonly status?: number;
  /** Response headers (lower-case names), when an answer came. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** Reads Dataverse's error JSON (`{"error":{"code","message"}}`) from an answer's body text. */
export function readDataverseError(status: number, body: string, headers: Readonly<Record<string, string>> = {}): DynamicsCallFailure {
  let errorCode = '';
  let message = body.slice(0, 500) || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed?.error?.code === 'string') errorCode = parsed.error.code;
    if (typeof parsed?.error?.message === 'string') message = parsed.error.message;
  } catch {
    // Not JSON (a proxy's HTML page): the text itself is the message.
  }
  return { errorCode, message, status, headers };
}
