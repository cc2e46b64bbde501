import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** Where the console is served. */
export const CONSOLE_PATH = '/console';

/**
 * The console's security headers: its own scripts and styles only (no inline script or style), calls
 * to this origin only, never framed, no MIME sniffing.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The built console of the checkout the bridge runs from: `apps/admin-console/dist` in the nearest
 * folder above `from` that holds `apps/admin-console/package.json` (the sources or the CLI's bundle
 * both live in the checkout), built or not; undefined outside a checkout.
 */
export function findConsoleDirectory(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'apps', 'admin-console', 'package.json'))) return path.join(dir, 'apps', 'admin-console', 'dist');
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Answers a request under {@link CONSOLE_PATH} from the built console in `dir` and returns the status:
 * a file that exists (hashed assets cached for a year), `index.html` for any other path so that deep
 * links load the app, 404 for a missing file with an extension, 405 for anything but GET and HEAD, and
 * 503 with what to run when the console is not built. Every answer carries {@link CONSOLE_HEADERS}.
 */
export async function serveConsole(request: IncomingMessage, response: ServerResponse, pathname: string, dir: string | undefined): Promise<number> {
  const send = (status: number, headers: Record<string, string>, body?: Buffer | string): number => {
    response.writeHead(status, { ...CONSOLE_HEADERS, ...headers });
    response.end(request.method === 'HEAD' ? undefined : body);
    return status;
  };
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return send(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'the console answers GET and HEAD only\n');
  if (pathname === CONSOLE_PATH) return send(308, { location: `${CONSOLE_PATH}/` });
  const index = dir === undefined ? undefined : path.join(dir, 'index.html');
  if (dir === undefined || index === undefined || !existsSync(index)) {
    return send(
      503,
      { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      `The admin console is not built${dir ? ` (no ${index})` : ''}: run \`npm run build\` in the Fieldsync checkout, then reload.\n`,
    );
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(CONSOLE_PATH.length + 1));
  } catch {
    return send(400, { 'content-type': 'text/plain; charset=utf-8' }, 'malformed path\n');
  }
  const file = path.resolve(dir, relative);
  const inside = file.startsWith(dir + path.sep);
  const type = TYPES[path.extname(file)];
  if (inside && type !== undefined && existsSync(file) && statSync(file).isFile()) {
    const immutable = relative.startsWith('assets/');
    return send(200, { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' }, await readFile(file));
  }
  // A path with an extension names a file (a stale asset after a rebuild): 404, not the app.
  if (path.extname(relative) !== '') return send(404, { 'content-type': 'text/plain; charset=utf-8' }, `no console file ${pathname}\n`);
  return send(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' }, await readFile(index));
}
