import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const repoRoot = path.join(__dirname, '..', '..', '..', '..');

/** A TypeScript entry bundled to one JavaScript file: run it with `node <file> ...` and {@link BundledScript.env}. */
export interface BundledScript {
  /** The bundled script. */
  readonly file: string;
  /** The environment the script needs: `NODE_PATH` names the workspace's node_modules, where its npm packages stay. */
  readonly env: NodeJS.ProcessEnv;
}

/** npm packages stay `require`d from node_modules (native addons, worker files); the workspace's own are bundled. */
const externalNpmPackages: Plugin = {
  name: 'external-npm-packages',
  setup(setup) {
    setup.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@fieldsync/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Bundles the TypeScript file `entry` with the workspace packages it imports to `<dir>/<name>.js`
 * (esbuild, as the CLI is bundled at install: decision 148), with the SQLite worker script beside it,
 * so that a child process runs plain JavaScript: no TypeScript loader's start time or memory
 * (tsx cost about 1.7 s and 50 MB per process). Used by the crash loop's kill child and by the
 * benchmarks' device processes. No source maps: stacks name the bundle's lines.
 */
export async function bundleNodeScript(entry: string, dir: string): Promise<BundledScript> {
  const file = path.join(dir, `${path.basename(entry, path.extname(entry))}.js`);
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'error',
    plugins: [externalNpmPackages],
  });
  // The SQLite worker thread's script is loaded from beside the module that starts it (decision 154).
  copyFileSync(path.join(repoRoot, 'packages/sqlite3-dialect/src/worker/sqlite-worker.js'), path.join(dir, 'sqlite-worker.js'));
  return { file, env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') } };
}
