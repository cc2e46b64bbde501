/**
 * The connector seen through a proxy that reads every property from the connector itself and binds
 * its methods to it, whatever receiver the caller passes.
 *
 * Why: sync-core's `countCalls` wraps the engine's connector in a `Proxy` whose `get` reads with
 * `Reflect.get(target, property, receiver)`, so a getter runs with `this` = that proxy. The bridge
 * connector is a class with private fields, and its `capabilities` getter then throws `TypeError:
 * Cannot read private member #capabilities from an object whose class did not declare it`: every
 * download through the bridge fails with `UNEXPECTED`. Behind this proxy the getter runs on the
 * connector, as it would without the wrapping.
 */
export function boundConnector<T extends object>(connector: T): T {
  return new Proxy(connector, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
