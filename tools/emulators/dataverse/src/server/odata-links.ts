import type { ApiRequest, EmulatorContext } from './emulator-context';

/** A query string as Dataverse writes links: `$` options unescaped, values percent-encoded. */
export function queryString(query: URLSearchParams): string {
  return [...query.entries()].map(([key, value]) => `${key.replace(/[^$\w.@-]/g, encodeURIComponent)}=${encodeURIComponent(value)}`).join('&');
}

/** A deltaLink: the request's path and `$select` with a new delta token for `version`. */
export function deltaLink(context: EmulatorContext, request: ApiRequest, version: number): string {
  const query = new URLSearchParams();
  const select = request.query.get('$select');
  if (select !== null) query.set('$select', select);
  query.set('$deltatoken', context.changeTokens.issue(version));
  return `${context.apiUrl}${request.path}?${queryString(query)}`;
}
