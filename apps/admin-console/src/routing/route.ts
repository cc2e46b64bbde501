/** The console's base path: the bridge serves it under /console. */
export const BASE = '/console';

/** A view of the console, parsed from the URL. */
export type Route = { readonly view: 'fleet' } | { readonly view: 'device'; readonly deviceId: string } | { readonly view: 'not-found'; readonly path: string };

/** Parses a path under {@link BASE}. */
export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  if (rest === '' || rest === '/' || rest === '/devices' || rest === '/devices/') return { view: 'fleet' };
  const device = /^\/devices\/([^/]+)\/?$/.exec(rest);
  if (device) return { view: 'device', deviceId: decodeURIComponent(device[1]) };
  return { view: 'not-found', path: pathname };
}

/** The URL of a route. */
export function hrefOf(route: Route): string {
  return route.view === 'device' ? `${BASE}/devices/${encodeURIComponent(route.deviceId)}` : `${BASE}/`;
}
