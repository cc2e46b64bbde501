import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './route';

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
