import { useSyncExternalStore } from 'react';

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

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
window.addEventListener('popstate', notify);

/** Goes to `href` in the page's history without a reload. */
export function navigate(href: string): void {
  window.history.pushState(null, '', href);
  notify();
}

/** The current route; re-renders on navigation and on the browser's back and forward. */
export function useRoute(): Route {
  const path = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => window.location.pathname,
  );
  return parseRoute(path);
}
