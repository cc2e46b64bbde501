import { FieldsyncError } from './fieldsync-error';
import { formatIssue, type ValidationIssue } from './validation-issue';

/**
 * A document (schema, customization, record, filter) failed validation; `issues` lists every
 * problem with its path. Nothing was stored.
 */
export class ValidationError extends FieldsyncError {
  constructor(
    /** What was validated, e.g. `customization` or `schema`. */
    readonly subject: string,
    /** Every problem found, not only the first. */
    readonly issues: readonly ValidationIssue[],
  ) {
    super('VALIDATION_FAILED', `${subject} is invalid:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`, {
      subject,
      issues,
    });
  }
}
