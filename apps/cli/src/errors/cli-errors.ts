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

/**
 * `serve` on a host that faces the network, without `--demo`, was about to serve the demo org
 * (code `DEMO_REFUSED`, as the bridge's `DemoRefusedError`): the CRM file is `missing` (the demo
 * would be seeded into it) or no CRM was named and the `default` file, the demo's, would be served.
 * The message says how to point at a CRM.
 */
export class DemoRefusedError extends FieldsyncError {
  constructor(
    /** The CRM file that would have been served. */
    readonly file: string,
    /** The host the bridge was to listen on. */
    readonly host: string,
    /** Why it is refused. */
    readonly reason: 'missing' | 'default',
  ) {
    const demo = "the demo org (alice, bob, carol and admin, who holds the admin API, all with the password 'demo')";
    super(
      'DEMO_REFUSED',
      (reason === 'missing'
        ? `${file} does not exist, and ${demo} is seeded only on a loopback host. `
        : `no CRM named, and the default, ${file}, is the file of ${demo}, served only on a loopback host. `) +
        `To serve devices on ${host}, point the bridge at a CRM: --crm <file> of an existing CRM (made with 'fieldsync crm seed --db <file> --records <n>'), ` +
        `or --backend salesforce|dynamics with its --sf-* or --dv-* options; or pass --demo (FIELDSYNC_DEMO=1) to serve the demo org on ${host} all the same`,
      { file, host, reason },
    );
  }
}

/**
 * `device login` has no password: none given, standard input empty, or no terminal to ask on (code
 * `PASSWORD_REQUIRED`); the message says how to give one.
 */
export class PasswordRequiredError extends FieldsyncError {
  constructor(
    /** The user signing in. */
    readonly user: string,
    /** Why there is none, e.g. `standard input ended before a line`. */
    reason: string,
  ) {
    super(
      'PASSWORD_REQUIRED',
      `no password for ${user}: ${reason}; pipe it into --password-stdin (e.g. printf '%s\\n' "$PASSWORD" | fieldsync device login … --password-stdin), or run on a terminal to be asked for it`,
      { user },
    );
  }
}
