import { FieldsyncError } from '@fieldsync/model';
import { GraphError } from '@microsoft/microsoft-graph-client';

/** What one Graph call failed with: the status (undefined for a network failure), Graph's error code and Retry-After. */
export interface GraphCallFailure {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly message: string;
  readonly retryAfterMs: number | undefined;
}

/** A failed call to a pre-authenticated URL (downloadUrl, uploadUrl), which bypasses the Graph client. */
export class GraphHttpError extends Error {
  override readonly name = 'GraphHttpError';

  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

function retryAfter(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** Parses a Retry-After header value (seconds) into ms. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  return retryAfter(value);
}

/** The failure an attempt threw: a Graph client `GraphError`, a {@link GraphHttpError}, or a network error (status undefined). */
export function graphFailureOf(error: unknown): GraphCallFailure | undefined {
  if (error instanceof FieldsyncError) return undefined;
  if (error instanceof GraphHttpError) return { status: error.status, code: error.code, message: error.message, retryAfterMs: error.retryAfterMs };
  if (error instanceof GraphError) {
    // The client reports a failed fetch (no answer) with statusCode -1.
    const status = error.statusCode > 0 ? error.statusCode : undefined;
    return { status, code: error.code ?? undefined, message: error.message, retryAfterMs: retryAfter(error.headers?.get('Retry-After')) };
  }
  if (
    error instanceof Error &&
    /fetch failed|socket|ECONNRESET|other side closed|UND_ERR/i.test(
      `${error.message} ${(error as { code?: string }).code ?? ''} ${String((error as { cause?: unknown }).cause ?? '')}`,
    )
  ) {
    return { status: undefined, code: undefined, message: error.message, retryAfterMs: undefined };
  }
  return undefined;
}
