#!/usr/bin/env node
'use strict';
/**
 * Builds the `fieldsync` command to one JavaScript file, dist/fieldsync.js, so that it starts
 * without compiling TypeScript (docs/decisions/148), with the SQLite worker script beside it
 * (dist/sqlite-worker.js, decision 154). The workspace's own packages are bundled;
 * npm packages stay `require`d from node_modules, where native addons (sqlite3) and worker files
 * (pino's transports) must live. Run by `npm run build`, which the root `prepare` script runs on
 * `npm ci`, and by the test suite's global setup, so tests never run a stale build.
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');

/**
 * npm packages bundled with the workspace's code: small pure-JavaScript packages that every start
 * loads, where reading and resolving their many files cost more than parsing them once here.
 */
const BUNDLED_NPM_PACKAGES = /^(kysely|commander|@noble\/hashes|saxes|xmlchars|semver|read|mute-stream)(\/|$)/;

/**
 * Bundles the workspace packages (`@fieldsync/*`, TypeScript sources) and {@link BUNDLED_NPM_PACKAGES};
 * every other package stays external, `require`d from node_modules when a command first needs it.
 */
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@fieldsync/') || BUNDLED_NPM_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

/** Builds dist/fieldsync.js with its source map; resolves with esbuild's result. */
async function buildCli({ quiet = false } = {}) {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src/main.ts')],
    outfile: path.join(root, 'dist/fieldsync.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    plugins: [externalNpmPackages],
  });
  // The SQLite worker thread's script is loaded by file name from beside the module that starts it,
  // so it goes beside the bundle (packages/sqlite3-dialect/src/worker/worker-thread.ts).
  fs.copyFileSync(path.join(root, '../../packages/sqlite3-dialect/src/worker/sqlite-worker.js'), path.join(root, 'dist/sqlite-worker.js'));
  if (!quiet) {
    const bytes = result.metafile.outputs[path.relative(process.cwd(), path.join(root, 'dist/fieldsync.js'))]?.bytes;
    process.stdout.write(
      `built apps/cli/dist/fieldsync.js from ${Object.keys(result.metafile.inputs).length} sources${bytes ? ` (${(bytes / 1024).toFixed(0)} KiB)` : ''}\n`,
    );
  }
  return result;
}

module.exports = { buildCli };

if (require.main === module) {
  buildCli().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  });
}
