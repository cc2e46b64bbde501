/**
 * @fieldsync/cli/testing: support for tests and benchmarks that run parts of the device in their own
 * processes, bundled as the CLI is. Not imported by the CLI itself.
 */
export { type BundledScript, bundleNodeScript } from './bundle-node-script';
