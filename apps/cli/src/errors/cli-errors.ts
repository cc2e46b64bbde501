import { FieldsyncError } from '@fieldsync/model';

/** A command-line option has a value the command cannot use (code `INVALID_OPTION`). */
export class InvalidOptionError extends FieldsyncError {
  constructor(
    /** The option as typed, e.g. `--records`. */
    readonly option: string,
    reason: string,
  ) {
    super('INVALID_OPTION', `${option}: ${reason}`, { option });
  }
}

/** The database file to create already exists and `--force` was not given (code `DATABASE_EXISTS`). */
export class DatabaseExistsError extends FieldsyncError {
  constructor(readonly file: string) {
    super('DATABASE_EXISTS', `${file} already exists; pass --force to replace it`, { file });
  }
}

/** The database file to open does not exist (code `DATABASE_NOT_FOUND`); the message says how to create it. */
export class DatabaseNotFoundError extends FieldsyncError {
  constructor(
    readonly file: string,
    /** How to create the file. @default `create it with 'fieldsync crm seed --db <file>'` */
    hint = `create it with 'fieldsync crm seed --db ${file}'`,
  ) {
    super('DATABASE_NOT_FOUND', `${file} does not exist; ${hint}`, { file });
  }
}
