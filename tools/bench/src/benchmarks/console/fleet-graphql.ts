import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The console's generated operations: the benchmark sends the fleet view's own query text. */
const CONSOLE_OPERATIONS = path.resolve(__dirname, '../../../../../apps/admin-console/src/gql/graphql.ts');

/** Devices per page of the fleet view (`PAGE_SIZE` in apps/admin-console/src/views/fleet-view.tsx). */
export const CONSOLE_FLEET_PAGE_SIZE = 25;

/**
 * The fleet view's `Fleet` query exactly as the console sends it, read from the console's generated
 * operations (the `FleetDocument`). Throws when the file no longer holds one.
 */
export function consoleFleetQuery(file: string = CONSOLE_OPERATIONS): string {
  const found = /export const FleetDocument = new TypedDocumentString\(`([^`]*)`\)/.exec(readFileSync(file, 'utf8'));
  if (!found) throw new Error(`no FleetDocument in ${file}: the console's fleet query moved; update the console-fleet benchmark`);
  return found[1];
}

/** One GraphQL answer over HTTP and how long it took, ms from just before the request to the parsed body. */
export interface TimedAnswer<T> {
  readonly data: T;
  readonly ms: number;
}

/** Posts one GraphQL operation to `<url>/graphql` as the console does (JSON, bearer token); throws on errors. */
export async function postGraphql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<TimedAnswer<T>> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  const ms = performance.now() - started;
  if (body.errors?.length || body.data === undefined || body.data === null)
    throw new Error(`GraphQL answered ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  return { data: body.data, ms };
}

/** Signs in without a device, as the console does, and answers the access token. */
export async function signInAdmin(url: string, userName: string, password: string): Promise<string> {
  const answer = await postGraphql<{ signIn: { session: { accessToken: string } | null; userErrors: Array<{ message: string }> } }>(
    url,
    'mutation SignIn($input: SignInInput!) { signIn(input: $input) { session { accessToken } userErrors { message } } }',
    { input: { userName, password } },
  );
  const session = answer.data.signIn.session;
  if (!session) throw new Error(`the bridge refused ${userName}: ${answer.data.signIn.userErrors.map((e) => e.message).join('; ')}`);
  return session.accessToken;
}

/** The part of the fleet query's answer the benchmark reads. */
export interface FleetPage {
  readonly devices: {
    readonly totalCount: number;
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
    readonly edges: ReadonlyArray<{ readonly node: { readonly deviceId: string; readonly state: string } }>;
  };
}
