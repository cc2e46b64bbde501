import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** The page that hands a job to the device worker: `runDevice(job)` answers the worker's report. */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Fieldsync device in the browser</title>
<link rel="icon" href="data:,">
<script type="module">
  window.runDevice = (job) => new Promise((resolve, reject) => {
    const worker = new Worker('/device-worker.js', { type: 'module' });
    worker.onmessage = (event) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.report);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error('the device worker failed: ' + event.message));
    };
    worker.postMessage(job);
  });
</script>
`;

/** What {@link buildBrowserBundle} wrote. */
export interface BrowserBundle {
  /** The folder to serve: `index.html`, `device-worker.js`, `sqlite3.wasm`. */
  readonly dir: string;
  /** Every source file esbuild put in the worker bundle, relative to the workspace root. */
  readonly inputs: readonly string[];
}

/**
 * Bundles `browser/device-worker.ts` (sync-core, connector-bridge, kysely, SQLite WASM) for the browser
 * with esbuild into `dir`, beside the page and SQLite's `sqlite3.wasm` (which the module fetches from
 * the bundle's own URL). `platform: 'browser'` makes any import of a Node built-in a build error.
 */
export async function buildBrowserBundle(dir: string): Promise<BrowserBundle> {
  const root = path.resolve(__dirname, '../../..');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(__dirname, 'browser/device-worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    outfile: path.join(dir, 'device-worker.js'),
    metafile: true,
    logLevel: 'silent',
  });
  copyFileSync(path.join(path.dirname(require.resolve('@sqlite.org/sqlite-wasm/package.json')), 'dist/sqlite3.wasm'), path.join(dir, 'sqlite3.wasm'));
  writeFileSync(path.join(dir, 'index.html'), PAGE);
  return { dir, inputs: Object.keys(result.metafile.inputs) };
}
