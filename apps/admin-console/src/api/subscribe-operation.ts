import type { TypedDocumentString } from '../gql/graphql';
import { GraphQLRequestError, type GraphQLErrorEntry } from './graphql-client';

/** What a subscription tells its caller. */
export interface SubscriptionHandlers<TResult> {
  /** The bridge answered and the stream is open (its first bytes came). */
  onOpen(): void;
  onData(data: TResult): void;
  /** The stream ended or failed; `error` is absent when the bridge completed it. */
  onClosed(error?: Error): void;
}

/**
 * Runs a subscription as server-sent events over `fetch` (an `EventSource` cannot send the bearer
 * token) and calls the handlers; answers a function that ends it.
 */
export function subscribeOperation<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string,
  handlers: SubscriptionHandlers<TResult>,
): () => void {
  const abort = new AbortController();
  const source = document.toString();
  const operation = /subscription\s+(\w+)/.exec(source)?.[1] ?? 'subscription';
  let ended = false;
  const close = (error?: Error) => {
    if (ended) return;
    ended = true;
    handlers.onClosed(error);
  };
  void (async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: source, variables }),
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new GraphQLRequestError(operation, [], response.status);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    let open = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return close();
      if (!open) {
        open = true;
        handlers.onOpen();
      }
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (\w+)/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5))
          .join('\n');
        if (event === 'complete') return close();
        if (event !== 'next' || data.trim() === '') continue;
        const result = JSON.parse(data) as { data?: TResult; errors?: GraphQLErrorEntry[] };
        if (result.errors && result.errors.length > 0) throw new GraphQLRequestError(operation, result.errors, response.status);
        if (result.data) handlers.onData(result.data);
      }
    }
  })().catch((error: unknown) => {
    if (abort.signal.aborted) return;
    close(error instanceof Error ? error : new Error(String(error)));
  });
  return () => {
    ended = true;
    abort.abort();
  };
}
