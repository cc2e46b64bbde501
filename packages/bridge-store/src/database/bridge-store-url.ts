import { BridgeStoreError } from '../errors/bridge-store-error';

/** Where a store lives, as read from its URL. */
export type BridgeStoreLocation = { readonly dialect: 'sqlite'; readonly file: string } | { readonly dialect: 'postgres'; readonly connectionString: string };

const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Reads a store URL: `postgres://` or `postgresql://` is PostgreSQL; `:memory:`, `sqlite:<path>`
 * (also `sqlite://<path>`) or a plain file path is SQLite. Throws `BridgeStoreError`
 * `INVALID_DATABASE_URL` for an empty URL, another scheme, or a PostgreSQL URL that does not parse.
 * @example parseBridgeStoreUrl('sqlite:./data/bridge.db') // { dialect: 'sqlite', file: './data/bridge.db' }
 */
export function parseBridgeStoreUrl(url: string): BridgeStoreLocation {
  const trimmed = typeof url === 'string' ? url.trim() : '';
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    if (!URL.canParse(trimmed)) throw invalidUrl(trimmed, 'not a valid PostgreSQL URL');
    return { dialect: 'postgres', connectionString: trimmed };
  }
  if (/^sqlite:/i.test(trimmed)) {
    const rest = trimmed.slice('sqlite:'.length);
    // sqlite:///abs/path and sqlite://rel/path are the URL spellings of /abs/path and rel/path.
    const file = rest.startsWith('//') ? rest.slice(2) : rest;
    if (file === '') throw invalidUrl(trimmed, 'a sqlite: URL needs a file path or :memory:');
    return { dialect: 'sqlite', file };
  }
  if (trimmed === '') throw invalidUrl(trimmed, 'the URL is empty');
  if (OTHER_SCHEME.test(trimmed)) throw invalidUrl(trimmed, 'only postgres://, postgresql://, sqlite: and file paths are supported');
  return { dialect: 'sqlite', file: trimmed };
}

/** The URL with any password replaced, fit for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

function invalidUrl(url: string, reason: string): BridgeStoreError {
  const shown = redactUrl(url);
  return new BridgeStoreError('INVALID_DATABASE_URL', `${reason}: '${shown}'`, { url: shown, reason });
}
