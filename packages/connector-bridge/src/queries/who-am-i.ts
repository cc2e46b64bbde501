import type { WhoAmI } from '@fieldsync/connector-api';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `whoAmI` query. */
export const whoAmIRequest: GraphqlRequest = {
  operationName: 'WhoAmI',
  query: `query WhoAmI { whoAmI { userId userName businessUnitId organizationId } }`,
};

/** Checks the signed-in user, business unit and organization. */
export function decodeWhoAmI(data: JsonObject): WhoAmI {
  const me = json.object(data.whoAmI, 'whoAmI');
  return {
    userId: json.nonEmptyString(me.userId, 'whoAmI.userId'),
    userName: json.string(me.userName, 'whoAmI.userName'),
    businessUnitId: json.nonEmptyString(me.businessUnitId, 'whoAmI.businessUnitId'),
    organizationId: json.nonEmptyString(me.organizationId, 'whoAmI.organizationId'),
  };
}
