import type { ConformanceHarness, ConformanceUser } from '@fieldsync/connector-testkit';
import { createBridgeConnector, type BridgeConnector } from '@fieldsync/connector-bridge';
import { startConformanceBridge } from './start-conformance-bridge';

/**
 * Builds a fresh conformance backend for the bridge connector: a real bridge on loopback over a
 * provisioned conformance CRM ({@link startConformanceBridge}), and connectors that talk to it over
 * HTTP, each signed in as its user on a device of its own, on the bridge's clock (a device whose clock
 * agrees with the bridge's, so sessions are refreshed ahead of expiry).
 *
 * The connectors keep the default: they give up after one refused refresh, as the CrmConnector
 * contract and the suite's expire-session check ask (docs/decisions/071).
 * @example describeConnectorConformance('bridge', createBridgeConformanceHarness);
 */
export async function createBridgeConformanceHarness(): Promise<ConformanceHarness> {
  const bridge = await startConformanceBridge();
  const connectors: BridgeConnector[] = [];

  const connector = (user: ConformanceUser, password: string): BridgeConnector => {
    const made = createBridgeConnector({
      url: bridge.url,
      userName: user,
      password,
      deviceId: `conformance-${user}-${connectors.length + 1}`,
      clock: bridge.clock,
    });
    connectors.push(made);
    return made;
  };

  return {
    control: bridge.control,
    async connect(user) {
      const made = connector(user, bridge.password);
      await made.signIn();
      return made;
    },
    connectWithInvalidCredentials: async (user) => connector(user, `${bridge.password}-wrong`),
    async teardown() {
      await Promise.all(connectors.map((made) => made.close()));
      await bridge.close();
    },
  };
}
