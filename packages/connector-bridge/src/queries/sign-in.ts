import type { GraphqlRequest } from '../graphql-client';
import { SESSION_PAYLOAD_SELECTION } from './session-payload';

/** The `signIn` mutation for a user, bound to `deviceId` when given. */
export function signInRequest(userName: string, password: string, deviceId: string | undefined): GraphqlRequest {
  return {
    operationName: 'SignIn',
    query: `mutation SignIn($input: SignInInput!) { signIn(input: $input) { ${SESSION_PAYLOAD_SELECTION} } }`,
    variables: { input: deviceId === undefined ? { userName, password } : { userName, password, deviceId } },
  };
}
