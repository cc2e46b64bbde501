import { queryError } from './dataverse-api-error';
import type { ApiRequest } from './emulator-context';

/** The query options each kind of resource serves; anything else is refused, never ignored. */
export const QUERY_OPTIONS = {
  /** `GET /{entityset}`. */
  entitySet: ['$select', '$filter', '$orderby', '$top', '$skiptoken', '$deltatoken', '$count'],
  /** `GET /{entityset}/$count`. */
  count: ['$filter'],
  /** `GET /{entityset}(id)` and other single resources. */
  record: ['$select'],
  /** Metadata collections (`EntityDefinitions`). */
  collection: ['$select', '$filter'],
  /** `GET /systemusers`: paged by a directory (`$orderby`, `$top`). */
  users: ['$select', '$filter', '$orderby', '$top'],
} as const satisfies Record<string, readonly string[]>;

/** Why the emulator refuses options Dataverse itself knows. */
const UNSERVED: Readonly<Record<string, string>> = {
  $expand: 'The emulator does not support $expand; select the _x_value lookups and read the related rows.',
  fetchXml: 'The emulator does not run FetchXML queries; use $filter.',
  savedQuery: 'The emulator has no saved queries (system views); use $filter.',
  userQuery: 'The emulator has no user queries (personal views); use $filter.',
};

/**
 * Refuses, with 400 `0x80060888` naming the option and the resource, every query option of `request`
 * not in `allowed`: unknown or unserved system query options (`$expand`, `$skip`, `$apply`, …),
 * Dataverse's own (`fetchXml`, `savedQuery`, `userQuery`) and any other parameter. Parameter aliases
 * (`@p1=…`) are left to the function that names them. A `$count` must be `true` or `false`.
 */
export function validateOptions(request: ApiRequest, allowed: readonly string[]): void {
  const resource = request.path.replace(/^\//, '');
  for (const key of new Set(request.query.keys())) {
    if (key.startsWith('@') || allowed.includes(key)) continue;
    const why = UNSERVED[key];
    throw queryError(`The query parameter '${key}' is not supported on '${resource}'.${why ? ` ${why}` : ''}`);
  }
  const count = request.query.get('$count');
  if (count !== null && count !== 'true' && count !== 'false') {
    throw queryError(`Invalid value '${count}' for $count query option found. The $count query option requires a boolean value (true or false).`);
  }
}

/** The `$top` value, or undefined; 400 when it is not a whole number. */
export function topOf(request: ApiRequest): number | undefined {
  const text = request.query.get('$top');
  if (text === null) return undefined;
  if (!/^\d+$/.test(text))
    throw queryError(`Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`);
  return Number(text);
}
