import { FieldsyncError } from '@fieldsync/model';

/** An option of the demo org generator is out of range (code `INVALID_DEMO_OPTIONS`). */
export class InvalidDemoOptionsError extends FieldsyncError {
  constructor(
    /** The option, e.g. `records`. */
    readonly option: string,
    reason: string,
  ) {
    super('INVALID_DEMO_OPTIONS', `${option}: ${reason}`, { option });
  }
}
