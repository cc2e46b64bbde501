import { FieldsyncError, formatIssue, type ValidationIssue } from '@fieldsync/model';

/**
 * A `name=value` argument of `device records create/update` cannot be used: it has no `=`, names a
 * field twice, or its value does not fit the field's type (code `INVALID_FIELD_VALUE`). Nothing was written.
 */
export class InvalidFieldValueError extends FieldsyncError {
  constructor(
    /** The argument as typed, e.g. `revenue=lots`. */
    readonly assignment: string,
    reason: string,
    /** The field named, when the argument got that far. */
    readonly field?: string,
  ) {
    super('INVALID_FIELD_VALUE', `${assignment}: ${reason}`, { assignment, reason, ...(field ? { field } : {}) });
  }
}

/**
 * The `--customization` file cannot be read, is not JSON, or is not a valid customization for the CRM's
 * schema (code `CUSTOMIZATION_INVALID`); every issue is listed with its path. Nothing was synchronised.
 */
export class CustomizationFileError extends FieldsyncError {
  constructor(
    readonly file: string,
    reason: string,
    /** The validation issues, when the file is JSON but not a valid customization. */
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    const listed = issues.length > 0 ? `:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}` : '';
    super('CUSTOMIZATION_INVALID', `${file}: ${reason}${listed}`, { file, reason, issues });
  }
}

/**
 * A sync (or reset) ended with result `failed`. The code is the sync's own error code (`AUTH_FAILED`,
 * `TRANSIENT`, ...), so the CLI prints `error [CODE]: message` as for any typed error.
 */
export class SyncFailedError extends FieldsyncError {
  constructor(code: string, message: string) {
    super(code, message, { syncFailed: true });
  }
}

/**
 * A device command that talks to a server found neither `--crm` (an embedded CRM file) nor a stored
 * bridge login for the database (code `NOT_LOGGED_IN`). Nothing was changed.
 */
export class NotLoggedInError extends FieldsyncError {
  constructor(readonly file: string) {
    super(
      'NOT_LOGGED_IN',
      `${file} has no bridge login: run 'fieldsync device login --bridge <url> --db <file> --user <name>' first (or give --crm <file> to sync with an embedded CRM directly)`,
      { file },
    );
  }
}
