import { FieldsyncError } from '@fieldsync/model';

/** An `admin` command found no admin session file (code `ADMIN_NOT_LOGGED_IN`); the message says how to sign in. */
export class AdminNotLoggedInError extends FieldsyncError {
  constructor(
    /** The session file looked for. */
    readonly file: string,
  ) {
    super('ADMIN_NOT_LOGGED_IN', `no admin session in ${file}: run 'fieldsync admin login --bridge <url> --user <name>' first`, { file });
  }
}

/** The admin session file cannot be read or is not one (code `ADMIN_SESSION_INVALID`). */
export class AdminSessionInvalidError extends FieldsyncError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super('ADMIN_SESSION_INVALID', `${file} is not an admin session file (${reason}); run 'fieldsync admin login' again`, { file });
  }
}

/**
 * The stored admin session's tokens no longer work and the refresh token was refused too (code
 * `ADMIN_SESSION_EXPIRED`): the session ended (signed out, expired, or the bridge forgot it).
 */
export class AdminSessionExpiredError extends FieldsyncError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super('ADMIN_SESSION_EXPIRED', `the admin session in ${file} has ended (${reason}); run 'fieldsync admin login' again`, { file });
  }
}

/** The user signed in, but the bridge refuses them its admin API (code `ADMIN_ROLE_REQUIRED`). Nothing was stored. */
export class AdminRoleRequiredError extends FieldsyncError {
  constructor(
    /** The user who signed in. */
    readonly user: string,
    /** The bridge's own refusal. */
    reason: string,
  ) {
    super('ADMIN_ROLE_REQUIRED', `${user} may not use the admin API: ${reason}; sign in as a user holding the bridge's admin role`, { user });
  }
}

/** The bridge knows no device with this id (code `DEVICE_NOT_FOUND`). */
export class DeviceNotFoundError extends FieldsyncError {
  constructor(readonly deviceId: string) {
    super('DEVICE_NOT_FOUND', `the bridge knows no device ${deviceId}; list them with 'fieldsync admin devices list'`, { deviceId });
  }
}

/** `admin wipe` was not confirmed: no `--yes`, and no terminal or the id typed was not the device's (code `WIPE_NOT_CONFIRMED`). Nothing was sent. */
export class WipeNotConfirmedError extends FieldsyncError {
  constructor(
    readonly deviceId: string,
    reason: string,
  ) {
    super('WIPE_NOT_CONFIRMED', `device ${deviceId} was not wiped: ${reason}; pass --yes to wipe without asking`, { deviceId });
  }
}

/**
 * The bridge refused a device command (its `userErrors`); the code is the bridge's own
 * (`ALREADY_LOCKED`, `NOT_LOCKED`, `DEVICE_WIPED`, `UNKNOWN_ENTITY`...). Nothing was issued.
 */
export class DeviceCommandRefusedError extends FieldsyncError {
  constructor(
    /** The mutation, e.g. `lockDevice`. */
    readonly mutation: string,
    readonly deviceId: string,
    code: string,
    message: string,
    field?: string,
  ) {
    super(code, `${mutation} of device ${deviceId} refused: ${field ? `${field}: ` : ''}${message}`, { mutation, deviceId, ...(field ? { field } : {}) });
  }
}

/** A customization file cannot be read or is not JSON (code `CUSTOMIZATION_FILE_INVALID`). Nothing was sent. */
export class CustomizationFileInvalidError extends FieldsyncError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super('CUSTOMIZATION_FILE_INVALID', `${file}: ${reason}`, { file });
  }
}

/** One problem the bridge found in a customization, at its path (and line and column in FetchXML or BlobStoreFilter XML). */
export interface CustomizationProblem {
  readonly field: string | null;
  readonly message: string;
  readonly code: string;
  readonly line?: number | null;
  readonly column?: number | null;
}

/**
 * The bridge refused a customization (its `userErrors`, code `INVALID_CUSTOMIZATION`): the message lists
 * every problem with its path, line and column. Nothing was published.
 */
export class CustomizationRefusedError extends FieldsyncError {
  constructor(
    readonly file: string,
    readonly problems: readonly CustomizationProblem[],
  ) {
    super(
      'INVALID_CUSTOMIZATION',
      `${file} was refused:\n${problems
        .map(
          (problem) => `  ${problem.field ?? '(document)'}${problem.line ? ` (line ${problem.line}, column ${problem.column ?? 0})` : ''}: ${problem.message}`,
        )
        .join('\n')}`,
      { file, problems },
    );
  }
}
