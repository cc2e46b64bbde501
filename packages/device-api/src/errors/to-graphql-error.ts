import { GraphQLError } from 'graphql';
import { FieldsyncError } from '@fieldsync/model';

/** HTTP status a GraphQL error's code deserves when it is the whole answer. */
const HTTP_STATUS: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  AUTH_FAILED: 401,
  AUTH_EXPIRED: 401,
  DEVICE_REVOKED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  SIGN_IN_RATE_LIMITED: 429,
  TRANSIENT: 503,
};

/**
 * Turns a thrown value into what a client may see: a `FieldsyncError` keeps its code, message and
 * details (`extensions.code`, `extensions.details`, `retryAfterMs` for rate limits); anything else is
 * left for yoga's masking (logged on the server, "Unexpected error." to the client).
 */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (!FieldsyncError.is(error)) return error;
  const fieldsyncError = error as FieldsyncError;
  const status = HTTP_STATUS[fieldsyncError.code];
  const retryAfterMs = typeof fieldsyncError.details.retryAfterMs === 'number' ? fieldsyncError.details.retryAfterMs : undefined;
  return new GraphQLError(fieldsyncError.message, {
    extensions: {
      code: fieldsyncError.code,
      details: fieldsyncError.details,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(status ? { http: { status, ...(retryAfterMs !== undefined ? { headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } } : {}) } } : {}),
    },
  });
}

/** A GraphQL error with a code and optional details, for the API's own refusals. */
export function apiError(code: string, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return toGraphQLError(new FieldsyncError(code, message, details)) as GraphQLError;
}
