import type { GraphqlRequest } from '../graphql-client';
import { SESSION_PAYLOAD_SELECTION } from './session-payload';

/** The `refreshSession` mutation: swaps `refreshToken` (which then stops working) for a new session. */
export function refreshSessionRequest(refreshToken: string): GraphqlRequest {
  return {
    operationName: 'RefreshSession',
    query: `mutation RefreshSession($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION_PAYLOAD_SELECTION} } }`,
    variables: { refreshToken },
  };
}
