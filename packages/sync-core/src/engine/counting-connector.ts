import type { CrmConnector } from '@fieldsync/connector-api';

/** A connector that counts the calls made through it (the sync log's "server calls"). */
export interface CountingConnector {
  readonly connector: CrmConnector;
  /** Calls made so far. */
  calls(): number;
}

/** Wraps a connector so every method call is counted; behaviour is unchanged. */
export function countCalls(connector: CrmConnector): CountingConnector {
  let calls = 0;
  const wrapped = new Proxy(connector, {
    get(target, property) {
      // Getters run on the connector itself: a class with private fields refuses the proxy as `this`.
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        calls += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { connector: wrapped, calls: () => calls };
}
