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
 * The GraphQL stack the bridge serves with: graphql, graphql-yoga with everything it depends on, the
 * armor plugins and jose. `fieldsync serve` and `start` load it, which from node_modules means resolving
 * and reading some hundred small files (about 80 ms of every start); so it is bundled too, but into a
 * second file, dist/fieldsync-graphql.js, that only those commands load: `--version` and the device
 * commands do not parse it. Every import of these packages in the main bundle reads them from there,
 * so the process holds one copy of graphql (whose `instanceof` checks need exactly one).
 */
const GRAPHQL_STACK = ['graphql', 'graphql-yoga', 'jose'];
const GRAPHQL_STACK_PATTERN = /^(graphql|graphql-yoga|jose|@escape\.tech\/graphql-armor-[a-z-]+)$/;
const GRAPHQL_BUNDLE = 'fieldsync-graphql.js';

/**
 * Bundles the workspace packages (`@fieldsync/*`, TypeScript sources) and {@link BUNDLED_NPM_PACKAGES};
 * the {@link GRAPHQL_STACK} is read from the second bundle; every other package stays external,
 * `require`d from node_modules when a command first needs it.
 */
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (GRAPHQL_STACK_PATTERN.test(args.path)) return { path: args.path, namespace: 'graphql-stack' };
      return args.path.startsWith('@fieldsync/') || BUNDLED_NPM_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true };
    });
    build.onResolve({ filter: new RegExp(`^\\./${GRAPHQL_BUNDLE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'graphql-stack' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`./${GRAPHQL_BUNDLE}`)})[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
};

/** Options both bundles share. */
const COMMON_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Without the sources inside the map and with whitespace and syntax minified (names are kept, so
  // stack traces stay readable and are mapped back to the sources), Node parses about a third less
  // at every start.
  sourcesContent: false,
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
};

/**
 * The entry of dist/fieldsync-graphql.js: one lazy getter per package of the GraphQL stack, so a
 * package is evaluated when first read. The armor plugins are the ones device-api imports.
 */
function graphqlStackEntry() {
  const armor = fs
    .readdirSync(path.join(root, '..', '..', 'node_modules', '@escape.tech'))
    .filter((name) => name.startsWith('graphql-armor-'))
    .map((name) => `@escape.tech/${name}`);
  return [...GRAPHQL_STACK, ...armor]
    .map((name) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => require(${JSON.stringify(name)}) });`)
    .join('\n');
}

/** Builds dist/fieldsync.js and dist/fieldsync-graphql.js with their source maps; resolves with esbuild's result for the first. */
async function buildCli({ quiet = false } = {}) {
  const logLevel = quiet ? 'error' : 'warning';
  const [result, stack] = await Promise.all([
    esbuild.build({
      ...COMMON_OPTIONS,
      entryPoints: [path.join(root, 'src/main.ts')],
      outfile: path.join(root, 'dist/fieldsync.js'),
      logLevel,
      plugins: [externalNpmPackages],
    }),
    esbuild.build({
      ...COMMON_OPTIONS,
      stdin: { contents: graphqlStackEntry(), resolveDir: root, sourcefile: 'graphql-stack.js', loader: 'js' },
      outfile: path.join(root, `dist/${GRAPHQL_BUNDLE}`),
      logLevel,
    }),
  ]);
  // The SQLite worker thread's script is loaded by file name from beside the module that starts it,
  // so it goes beside the bundle (packages/sqlite3-dialect/src/worker/worker-thread.ts).
  fs.copyFileSync(path.join(root, '../../packages/sqlite3-dialect/src/worker/sqlite-worker.js'), path.join(root, 'dist/sqlite-worker.js'));
  if (!quiet) {
    const sizeOf = (output, file) => output.metafile.outputs[path.relative(process.cwd(), path.join(root, 'dist', file))]?.bytes ?? 0;
    process.stdout.write(
      `built apps/cli/dist/fieldsync.js from ${Object.keys(result.metafile.inputs).length} sources (${(sizeOf(result, 'fieldsync.js') / 1024).toFixed(0)} KiB) ` +
        `and dist/${GRAPHQL_BUNDLE} from ${Object.keys(stack.metafile.inputs).length} (${(sizeOf(stack, GRAPHQL_BUNDLE) / 1024).toFixed(0)} KiB)\n`,
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
