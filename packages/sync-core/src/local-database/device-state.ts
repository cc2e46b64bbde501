import type { PermissionSet, WhoAmI } from '@fieldsync/connector-api';
import type { Customization } from '@fieldsync/model';
import type { LocalSchema } from '../local-store/local-schema';

/** What the device knows after a sync prepared it: its schema, the user's permissions, the user, the customization. */
export interface DeviceState {
  readonly local: LocalSchema;
  readonly permissions: PermissionSet;
  readonly whoAmI: WhoAmI;
  readonly customization: Customization;
}
