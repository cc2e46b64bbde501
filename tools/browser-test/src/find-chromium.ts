import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The Chromium to drive: `CHROMIUM_PATH` when set, else `chromium` (Debian's package) or
 * `chromium-browser` on the PATH; undefined when there is none. Playwright never downloads one.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}
