import semver from 'semver';

/** Longest app version a device may report (a semantic version with pre-release and build parts). */
export const MAX_APP_VERSION_LENGTH = 64;
/** Longest sync id a device may send. */
export const MAX_SYNC_ID_LENGTH = 128;
/** Longest role name on a customization assignment (Dataverse security role names are at most 100). */
export const MAX_ROLE_NAME_LENGTH = 100;

const SYNC_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
// Control characters (C0, DEL, C1: Unicode category Cc) and the line / paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** Why `value` is not an app version (a semantic version such as 2.4.0, at most 64 characters); undefined when it is. */
export function appVersionProblem(value: string): string | undefined {
  if (value.length > MAX_APP_VERSION_LENGTH) return `appVersion must be at most ${MAX_APP_VERSION_LENGTH} characters, got ${value.length}`;
  // semver.valid trims and takes a leading 'v' or '='; a device's version is stored as sent, so it must be exact.
  if (semver.valid(value) === null || !/^\d/.test(value) || /\s/.test(value)) return `appVersion must be a semantic version such as 2.4.0, got '${value}'`;
  return undefined;
}

/** Why `value` is not a sync id (1 to 128 letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit; a UUID fits); undefined when it is. */
export function syncIdProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > MAX_SYNC_ID_LENGTH) return `syncId must be 1 to ${MAX_SYNC_ID_LENGTH} characters`;
  if (!SYNC_ID.test(value)) return 'syncId may hold only letters, digits, ".", "_", ":" and "-", and must start with a letter or digit';
  return undefined;
}

/** Why `value` is not a role name (1 to 100 characters, no control characters, no spaces around it); undefined when it is. */
export function roleNameProblem(value: string): string | undefined {
  if (value.trim() === '') return 'the role name is empty';
  if (value.length > MAX_ROLE_NAME_LENGTH) return `the role name must be at most ${MAX_ROLE_NAME_LENGTH} characters, got ${value.length}`;
  if (CONTROL.test(value)) return 'the role name may not contain control characters or line breaks';
  if (value.trim() !== value) return 'the role name may not start or end with spaces';
  return undefined;
}
