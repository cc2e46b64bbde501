import type { TypedDocumentString } from '../gql/graphql';

/** One GraphQL error as the bridge sends it. */
export interface GraphQLErrorEntry {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

/** The bridge answered an operation with errors (or not with JSON): names the operation, the code and the message. */
export class GraphQLRequestError extends Error {
  /** The first error's `extensions.code`, e.g. `FORBIDDEN` or `UNAUTHENTICATED`; `HTTP_<status>` when the answer was not GraphQL. */
  readonly code: string;
  constructor(
    readonly operation: string,
    readonly errors: readonly GraphQLErrorEntry[],
    status: number,
  ) {
    const first = errors[0];
    super(`${operation}: ${first?.message ?? `the bridge answered HTTP ${status}`}`);
    this.name = 'GraphQLRequestError';
    this.code = first?.extensions?.code ?? `HTTP_${status}`;
  }

  /** Whether `error` is a {@link GraphQLRequestError} with `code` (any code when absent). */
  static is(error: unknown, code?: string): error is GraphQLRequestError {
    return error instanceof GraphQLRequestError && (code === undefined || error.code === code);
  }
}

/** The GraphQL endpoint of the bridge that served the console. */
const ENDPOINT = '/graphql';

/**
 * Posts one typed operation to the bridge (with the bearer token when given) and answers its data;
 * throws {@link GraphQLRequestError} when the answer carries errors.
 */
export async function executeOperation<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token?: string,
): Promise<TResult> {
  const source = document.toString();
  const operation = /(?:query|mutation|subscription)\s+(\w+)/.exec(source)?.[1] ?? 'operation';
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: source, variables }),
  });
  let body: { data?: TResult | null; errors?: GraphQLErrorEntry[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError(operation, [], response.status);
  }
  if (body.errors && body.errors.length > 0) throw new GraphQLRequestError(operation, body.errors, response.status);
  if (body.data === undefined || body.data === null) throw new GraphQLRequestError(operation, [], response.status);
  return body.data;
}
