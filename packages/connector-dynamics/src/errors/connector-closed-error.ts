import { FieldsyncError } from '@fieldsync/model';

/** A call was made on a Dynamics connector after `close()`. Retry: no; make a new connector. */
export class ConnectorClosedError extends FieldsyncError {
  constructor(readonly operation: string) {
    super('CONNECTOR_CLOSED', `${operation}: the Dynamics connector is closed`, { operation });
  }
}
