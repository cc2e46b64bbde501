/** The console's base path: the bridge serves it under /console. */
export const BASE = '/console';

/** A view of the console, parsed from the URL. */
export type Route =
  | { readonly view: 'fleet' }
  | { readonly view: 'device'; readonly deviceId: string }
  | { readonly view: 'customizations' }
  /** The editor, starting from a published revision's content. */
  | { readonly view: 'customization'; readonly revision: number }
  /** The CRM users with their roles and devices. */
  | { readonly view: 'users' }
  | { readonly view: 'user'; readonly userId: string }
  /** The bridge's run-time settings. */
  | { readonly view: 'settings' }
  | { readonly view: 'not-found'; readonly path: string };

/** Parses a path under {@link BASE}. */
export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  if (rest === '' || rest === '/' || rest === '/devices' || rest === '/devices/') return { view: 'fleet' };
  const device = /^\/devices\/([^/]+)\/?$/.exec(rest);
  if (device) return { view: 'device', deviceId: decodeURIComponent(device[1]) };
  if (rest === '/customizations' || rest === '/customizations/') return { view: 'customizations' };
  const customization = /^\/customizations\/([1-9]\d{0,8})\/?$/.exec(rest);
  if (customization) return { view: 'customization', revision: Number(customization[1]) };
  if (rest === '/users' || rest === '/users/') return { view: 'users' };
  const user = /^\/users\/([^/]+)\/?$/.exec(rest);
  if (user) return { view: 'user', userId: decodeURIComponent(user[1]) };
  if (rest === '/settings' || rest === '/settings/') return { view: 'settings' };
  return { view: 'not-found', path: pathname };
}

/** The URL of a route. */
export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'device':
      return `${BASE}/devices/${encodeURIComponent(route.deviceId)}`;
    case 'customizations':
      return `${BASE}/customizations`;
    case 'customization':
      return `${BASE}/customizations/${route.revision}`;
    case 'users':
      return `${BASE}/users`;
    case 'user':
      return `${BASE}/users/${encodeURIComponent(route.userId)}`;
    case 'settings':
      return `${BASE}/settings`;
    case 'not-found':
      return route.path;
    default:
      return `${BASE}/`;
  }
}
