import { queryError } from './dataverse-api-error';
import type { ApiRequest } from './emulator-context';

const SUPPORTED_OPTIONS = new Set(['$select', '$filter', '$orderby', '$top', '$skiptoken', '$deltatoken', '$count']);

/** Refuses query options the emulator does not serve (`$expand`, `$skip`, `$apply`, …) with 400 `0x80060888`. */
export function validateOptions(request: ApiRequest): void {
  for (const key of request.query.keys()) {
    if (key.startsWith('$') && !SUPPORTED_OPTIONS.has(key)) {
      if (key === '$expand') throw queryError('The emulator does not support $expand; select the _x_value lookups and read the related rows.');
      if (key === '$skip') throw queryError("The query parameter '$skip' is not supported.");
      throw queryError(`The query parameter '${key}' is not supported.`);
    }
  }
}

/** The `$top` value, or undefined; 400 when it is not a whole number. */
export function topOf(request: ApiRequest): number | undefined {
  const text = request.query.get('$top');
  if (text === null) return undefined;
  if (!/^\d+$/.test(text)) throw queryError(`Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`);
  return Number(text);
}
