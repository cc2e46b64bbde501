import type { CrmConnector, PermissionSet, WhoAmI } from '@fieldsync/connector-api';
import type { Schema } from '@fieldsync/model';

/** What the server says about the user, fetched once per sync. */
export interface ServerState {
  readonly whoAmI: WhoAmI;
  readonly schema: Schema;
  readonly permissions: PermissionSet;
}

/** WhoAmI, the schema of the entities named (all when absent) and the permissions. */
export async function fetchServerState(
  connector: Pick<CrmConnector, 'whoAmI' | 'describe' | 'permissions'>,
  entities: readonly string[] | undefined,
): Promise<ServerState> {
  const whoAmI = await connector.whoAmI();
  const schema = await connector.describe(entities);
  const permissions = await connector.permissions();
  return { whoAmI, schema, permissions };
}
