/**
 * @fieldsync/browser-test: runs sync-core with connector-bridge in headless Chromium on SQLite WASM
 * (OPFS) against a real bridge. The test is `browser-sync.integration.spec.ts`; these are its parts.
 */
export type { DeviceAnswer, DeviceJob, DeviceReport } from './browser/device-job';
export { type BrowserBundle, buildBrowserBundle } from './build-browser-bundle';
export { findChromium } from './find-chromium';
export { type StaticServer, serveStaticFiles } from './serve-static-files';
