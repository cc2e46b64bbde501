import { FieldsyncError } from '@fieldsync/model';

/**
 * Salesforce refused a call with an error the connector has no typed error for (a validation rule,
 * a duplicate rule, an unexpected `errorCode`). `errorCode` is Salesforce's own. Retry: no.
 */
export class SalesforceApiError extends FieldsyncError {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly status?: number,
  ) {
    super('SALESFORCE_API_ERROR', `${errorCode}: ${message}`, { errorCode, status });
  }
}
