import { FieldsyncError } from '@fieldsync/model';

/** `applyUpdate()` found no staged update waiting ("updates available" is not the state). Retry: no. */
export class NoStagedUpdateError extends FieldsyncError {
  constructor() {
    super('NO_STAGED_UPDATE', 'no staged update waits to be applied; a non-blocking sync (staged) receives one');
  }
}
