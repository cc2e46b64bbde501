import { FieldsyncError } from '@fieldsync/model';

/** A call was made on a bridge connector after `close()`. Retry: no; make a new connector. */
export class BridgeConnectorClosedError extends FieldsyncError {
  constructor(readonly operation: string) {
    super('CONNECTOR_CLOSED', `${operation}: the bridge connector is closed`, { operation });
  }
}
