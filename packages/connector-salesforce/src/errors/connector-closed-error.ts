import { FieldsyncError } from '@fieldsync/model';

/** A call was made on a Salesforce connector after `close()`. Retry: no; make a new connector. */
export class ConnectorClosedError extends FieldsyncError {
  constructor(readonly operation: string) {
    super('CONNECTOR_CLOSED', `${operation}: the Salesforce connector is closed`, { operation });
  }
}
