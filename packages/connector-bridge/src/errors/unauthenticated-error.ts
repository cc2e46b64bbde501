import { FieldsyncError } from '@fieldsync/model';

/**
 * The bridge refused the access token (missing, malformed or expired). The connector refreshes its
 * session once and retries by itself, so callers of the connector never see this; it escapes only
 * from a bare {@link GraphqlClient}. Retry: after refreshing the session.
 */
export class UnauthenticatedError extends FieldsyncError {
  constructor(message = 'the bridge refused the access token') {
    super('UNAUTHENTICATED', message);
  }
}
