import path from 'node:path';
import { bundleNodeScript, type BundledScript } from './bundle-node-script';

/** The crash tests' kill child, built once: run it with `node <file> '<json plan>' device sync ...` and {@link BundledScript.env}. */
export type KillChild = BundledScript;

/**
 * Bundles `kill-at-sync-point.ts` to plain JavaScript in `dir` ({@link bundleNodeScript}), so that each
 * killed process starts without compiling TypeScript (tsx cost about 1.7 s per process).
 */
export function buildKillChild(dir: string): Promise<KillChild> {
  return bundleNodeScript(path.join(__dirname, 'kill-at-sync-point.ts'), dir);
}
