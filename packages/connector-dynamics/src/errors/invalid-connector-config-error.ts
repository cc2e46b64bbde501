import { FieldsyncError } from '@fieldsync/model';

/** A {@link DynamicsConnectorConfig} field is missing or out of range. Retry: no; fix the configuration. */
export class InvalidConnectorConfigError extends FieldsyncError {
  constructor(
    /** The config path at fault, e.g. `credentials.tenantId`. */
    readonly field: string,
    message: string,
  ) {
    super('INVALID_CONNECTOR_CONFIG', `${field}: ${message}`, { field });
  }
}
