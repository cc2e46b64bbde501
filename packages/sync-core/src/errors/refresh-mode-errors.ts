import { FieldsyncError } from '@fieldsync/model';

/** The user toggled Refresh Mode and must sign in again before the device syncs (seed 000). Retry: after a new sign-in. */
export class SignInRequiredError extends FieldsyncError {
  constructor(mode: string, toggledAt: string) {
    super('SIGN_IN_REQUIRED', `Refresh Mode was set to ${mode} at ${toggledAt}: sign in again before syncing`, { mode, toggledAt });
  }
}
