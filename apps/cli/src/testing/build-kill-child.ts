import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const cliRoot = path.join(__dirname, '..', '..');
const repoRoot = path.join(cliRoot, '..', '..');

/** The crash tests' kill child, built once: run it with `node <file> '<json plan>' device sync ...` and {@link KillChild.env}. */
export interface KillChild {
  /** The bundled `kill-at-sync-point` script. */
  readonly file: string;
  /** The environment the child needs: `NODE_PATH` names the workspace's node_modules, where its npm packages stay. */
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
 * Bundles `kill-at-sync-point.ts` to plain JavaScript in `dir`, with the SQLite worker script beside it,
 * so that each killed process starts without compiling TypeScript (tsx cost about 1.7 s per process).
 * No source maps: a child that is killed on purpose prints no stack.
 */
export async function buildKillChild(dir: string): Promise<KillChild> {
  const file = path.join(dir, 'kill-at-sync-point.js');
  await build({
    entryPoints: [path.join(__dirname, 'kill-at-sync-point.ts')],
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
