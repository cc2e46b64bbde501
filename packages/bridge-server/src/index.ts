/**
 * @fieldsync/bridge-server: the server mobile apps sync through, as a library: `startBridge` serves the
 * GraphQL device and admin APIs over the embedded CRM (or Salesforce, Dynamics), with GraphiQL, a
 * health endpoint and structured logs. The deployable entry point is the CLI's `fieldsync serve`
 * (`npm start`); the Salesforce and Dynamics backends are in the
 * `salesforce` and `dynamics` entries, test support in the `testing` entry.
 */
export { type LevelWithSilent, type Logger, createBridgeLogger } from './logging/create-logger';
export { DemoRefusedError } from './errors/demo-refused-error';
export { isLoopbackHost } from './http/is-loopback-host';
export type { BridgeDocumentsOptions } from './documents/bridge-documents-options';
export { type DocumentListEntry, DOCUMENTS_PATH } from './documents/document-routes';
export { type RetentionPurgeResult, RetentionPurger, type RetentionPurgerOptions } from './retention/retention-purger';
export {
  type BackendBridgeOptions,
  type BridgeAttachmentOptions,
  type BridgeOptions,
  type RunningBridge,
  type ServedBridge,
  startBackendBridge,
  startBridge,
} from './start-bridge';
export { type BridgeCluster, type BridgeClusterOptions, type ClusterLogger, ClusterStartError, startBridgeCluster } from './cluster/start-bridge-cluster';
export { type ClusterChannel, createClusterFleetEvents } from './cluster/cluster-fleet-events';
export { serveClusterWorker } from './cluster/serve-cluster-worker';
