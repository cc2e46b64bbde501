import type { ConformanceHarness, ConformanceUser } from '@fieldsync/connector-testkit';
import { createBridgeConnector, type BridgeConnector } from '../bridge-connector';
import { startConformanceBridgeProcess } from './conformance-bridge-process';

/**
 * Builds a fresh conformance backend for the bridge connector: a real bridge over a provisioned
 * conformance CRM in a child process ({@link startConformanceBridgeProcess}), and connectors that talk to
 * it over HTTP, each signed in as its user on a device of its own.
 *
 * The connectors give up after one refused refresh (`signInAgainWhenRefreshRefused: false`), as the
 * CrmConnector contract and the suite's expire-session check ask; signing in again with the password
 * (the default) is proven by the connector's own integration tests (docs/decisions/071).
 * @example describeConnectorConformance('bridge', createBridgeConformanceHarness, { capabilities: { attachments: false, attachmentRanges: false } });
 */
export async function createBridgeConformanceHarness(): Promise<ConformanceHarness> {
  const bridge = await startConformanceBridgeProcess();
  const connectors: BridgeConnector[] = [];

  const connector = (user: ConformanceUser, password: string): BridgeConnector => {
    const made = createBridgeConnector({
      url: bridge.url,
      userName: user,
      password,
      deviceId: `conformance-${user}-${connectors.length + 1}`,
      signInAgainWhenRefreshRefused: false,
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
