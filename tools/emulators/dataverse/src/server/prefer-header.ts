import { DATAVERSE_ERROR_CODES, DataverseApiError } from './dataverse-api-error';

/** Which instance annotations `odata.include-annotations` asked for. */
export interface IncludedAnnotations {
  /** `OData.Community.Display.V1.FormattedValue` (by name, by its namespace, or `*`). */
  readonly formattedValues: boolean;
  /** `Microsoft.Dynamics.CRM.lookuplogicalname` (by name, by its namespace, or `*`). */
  readonly lookupNames: boolean;
}

/** No annotations. */
export const NO_ANNOTATIONS: IncludedAnnotations = { formattedValues: false, lookupNames: false };

/** Reads the value of `odata.include-annotations`: a comma-free list of names or `Namespace.*` patterns, or `*`. */
function includedAnnotations(value: string | undefined): IncludedAnnotations {
  const patterns = (value ?? '').split(/\s+/).filter((p) => p !== '');
  const asks = (name: string) => patterns.some((p) => p === '*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))));
  return { formattedValues: asks('OData.Community.Display.V1.FormattedValue'), lookupNames: asks('Microsoft.Dynamics.CRM.lookuplogicalname') };
}

/** The preferences of a `Prefer` header the emulator honours. */
export interface Preferences {
  /** `odata.maxpagesize=N`. */
  readonly maxPageSize?: number;
  /** `odata.track-changes`. */
  readonly trackChanges: boolean;
  /** `odata.include-annotations`: `*`, or the annotations (or namespaces) named. */
  readonly annotations: IncludedAnnotations;
  /** `return=representation`. */
  readonly returnRepresentation: boolean;
  /** `odata.continue-on-error`. */
  readonly continueOnError: boolean;
}

/** Largest page Dataverse serves, and the default. */
export const MAX_PAGE_SIZE = 5000;

/** Reads a `Prefer` header (several preferences separated by commas). */
export function parsePrefer(header: string | undefined): Preferences {
  const parts = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  let maxPageSize: number | undefined;
  let trackChanges = false;
  let annotations = NO_ANNOTATIONS;
  let returnRepresentation = false;
  let continueOnError = false;
  for (const part of parts) {
    const [name, rawValue] = part.split('=').map((s) => s.trim());
    const value = rawValue?.replace(/^"|"$/g, '');
    if (name === 'odata.maxpagesize') {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0)
        throw new DataverseApiError(400, DATAVERSE_ERROR_CODES.queryParse, `The value '${value ?? ''}' of odata.maxpagesize is not a positive whole number.`);
      maxPageSize = Math.min(n, MAX_PAGE_SIZE);
    } else if (name === 'odata.track-changes') trackChanges = true;
    else if (name === 'odata.include-annotations') annotations = includedAnnotations(value);
    else if (name === 'return' && value === 'representation') returnRepresentation = true;
    else if (name === 'odata.continue-on-error') continueOnError = true;
  }
  return { ...(maxPageSize !== undefined ? { maxPageSize } : {}), trackChanges, annotations, returnRepresentation, continueOnError };
}

/** The `Preference-Applied` value for what was honoured. */
export function preferenceApplied(
  preferences: Preferences,
  applied: { maxPageSize?: boolean; trackChanges?: boolean; annotations?: boolean; returnRepresentation?: boolean },
): Record<string, string> {
  const values: string[] = [];
  if (applied.maxPageSize && preferences.maxPageSize !== undefined) values.push(`odata.maxpagesize=${preferences.maxPageSize}`);
  if (applied.trackChanges && preferences.trackChanges) values.push('odata.track-changes');
  const { formattedValues, lookupNames } = preferences.annotations;
  if (applied.annotations && (formattedValues || lookupNames)) {
    values.push(
      `odata.include-annotations="${formattedValues && lookupNames ? '*' : formattedValues ? 'OData.Community.Display.V1.FormattedValue' : 'Microsoft.Dynamics.CRM.lookuplogicalname'}"`,
    );
  }
  if (applied.returnRepresentation && preferences.returnRepresentation) values.push('return=representation');
  return values.length > 0 ? { 'Preference-Applied': values.join(',') } : {};
}
