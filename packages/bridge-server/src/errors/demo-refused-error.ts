import { FieldsyncError } from '@fieldsync/model';

/**
 * The bridge was asked to serve a CRM file that does not exist, where it may not seed the demo org
 * (whose users all have the password `demo`, `admin` with the admin API): on a host that faces the
 * network without `demo: true`, or with `demo: false` (code `DEMO_REFUSED`). Nothing was created.
 */
export class DemoRefusedError extends FieldsyncError {
  constructor(
    /** The missing CRM file. */
    readonly file: string,
    /** The host the bridge was to listen on. */
    readonly host: string,
  ) {
    super(
      'DEMO_REFUSED',
      `${file} does not exist, and the bridge seeds the demo org (every user's password is 'demo') only on a loopback host or with demo: true; serve an existing CRM on ${host}`,
      { file, host },
    );
  }
}
