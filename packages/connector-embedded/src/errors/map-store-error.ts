import {
  AuthExpiredError,
  AuthFailedError,
  FullResyncRequiredError,
  PermissionDeniedError,
  QuotaExceededError,
  TransientError,
} from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';

/**
 * Turns what the store (or the transport) threw into the connector-api error a caller handles:
 * auth codes to `AuthFailedError`/`AuthExpiredError`, purged history to `FullResyncRequiredError`,
 * quota to `QuotaExceededError`; other Fieldsync errors (unknown entity, invalid filter, validation,
 * connector-api errors) pass unchanged; anything else is a `TransientError` keeping the cause.
 */
export function mapStoreError(error: unknown, entity = '?'): Error {
  if (!FieldsyncError.is(error)) return new TransientError(`embedded store call failed: ${String(error)}`, { cause: error });
  const details = error.details as Record<string, unknown>;
  switch (error.code) {
    case 'STORE_AUTH_INVALID':
      return new AuthFailedError(error.message, typeof details.reason === 'string' ? details.reason : undefined);
    case 'STORE_AUTH_EXPIRED':
      return new AuthExpiredError(error.message);
    case 'STORE_HISTORY_EXPIRED':
      return new FullResyncRequiredError(typeof details.entity === 'string' ? details.entity : entity, error.message);
    case 'STORE_QUOTA_EXCEEDED':
      return new QuotaExceededError(Number(details.used), Number(details.limit));
    case 'PERMISSION_DENIED':
      return error instanceof PermissionDeniedError
        ? error
        : new PermissionDeniedError(String(details.entity ?? entity), String(details.privilege ?? 'read'), error.message);
    default:
      return error instanceof Error ? error : FieldsyncError.fromJSON(error);
  }
}
