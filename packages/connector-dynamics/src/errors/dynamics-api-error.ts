import { FieldsyncError } from '@fieldsync/model';

/**
 * Dataverse refused a call with an error the connector has no typed error for (a plug-in's
 * refusal, an unexpected code). `errorCode` is Dataverse's own (`0x80040265`). Retry: no.
 */
export class DynamicsApiError extends FieldsyncError {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly status?: number,
  ) {
    super('DYNAMICS_API_ERROR', `${errorCode || `HTTP ${status ?? '?'}`}: ${message}`, { errorCode, status });
  }
}
