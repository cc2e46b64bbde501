import { useCallback, useEffect, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import type { AdminSession } from '../session/admin-session';

/** An operation's state in a view: loading, its data, or its error; `reload` runs it again. */
export interface OperationState<TResult> {
  readonly data: TResult | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Runs `document` with `variables` as the admin whenever `key` (the variables, serialised) changes;
 * keeps the last data while a new answer loads.
 */
export function useOperation<TResult, TVariables>(
  session: AdminSession,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): OperationState<TResult> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: TResult; error?: Error; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    session.run(document, JSON.parse(key) as TVariables).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) =>
        current && setState((previous) => ({ data: previous.data, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [session, document, key, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
