/**
 * The shapes a CRM's record ids take. A connector declares its backend's in its capabilities
 * (`idFormat`), and the bridge checks every id a device sends against it before the CRM sees it.
 * - `guid`: a GUID / UUID in its 36-character text form (Dataverse, the embedded CRM).
 * - `salesforce-id`: 15 or 18 letters and digits (Salesforce).
 * - `token`: 1 to 100 letters, digits, `_` and `-`, starting with a letter or digit: an opaque id
 *   that is safe in a path, a URL or a log line. Every stored id is at least this.
 */
export type RecordIdFormat = 'guid' | 'salesforce-id' | 'token';

/** Every {@link RecordIdFormat}. */
export const RECORD_ID_FORMATS: readonly RecordIdFormat[] = ['guid', 'salesforce-id', 'token'];

const PATTERNS: Readonly<Record<RecordIdFormat, { readonly pattern: RegExp; readonly words: string }>> = {
  guid: {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    words: 'a GUID such as 3f2b8c4e-0d1a-4c6b-9e7f-2a5d8b1c9e0f',
  },
  'salesforce-id': { pattern: /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/, words: 'a Salesforce id of 15 or 18 letters and digits' },
  token: { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, words: 'an id of 1 to 100 letters, digits, _ and -, starting with a letter or digit' },
};

/**
 * Why `id` is not a record id of `format`, in words for an error message; undefined when it is one.
 * @example recordIdProblem('../../etc/passwd', 'guid') // "must be a GUID such as …, got '../../etc/passwd'"
 */
export function recordIdProblem(id: unknown, format: RecordIdFormat = 'token'): string | undefined {
  const { pattern, words } = PATTERNS[format];
  if (typeof id === 'string' && pattern.test(id)) return undefined;
  const shown = typeof id === 'string' ? `'${id.length > 60 ? `${id.slice(0, 60)}…` : id}'` : typeof id;
  return `must be ${words}, got ${shown}`;
}
