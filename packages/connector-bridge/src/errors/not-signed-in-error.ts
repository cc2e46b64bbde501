import { FieldsyncError } from '@fieldsync/model';

/**
 * Something that is only known after sign-in (the bridge's `capabilities`) was read before `signIn()`
 * resolved. Retry: after `signIn()`.
 */
export class NotSignedInError extends FieldsyncError {
  constructor(readonly what: string) {
    super('NOT_SIGNED_IN', `${what} is only known after signIn(); call signIn() first`, { what });
  }
}
