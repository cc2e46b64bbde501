import semver from 'semver';

/** The version `semver` reads from `version` (a leading `v` and surrounding spaces allowed), or undefined. */
function parsed(version: string): semver.SemVer | undefined {
  return semver.parse(version.trim()) ?? undefined;
}

/** True when `version` is a semantic version the engine can compare (`1.4.0`, `2.0.0-beta.1`). */
export function isAppVersion(version: string): boolean {
  return parsed(version) !== undefined;
}

/**
 * Compares two semantic versions by semver precedence: numbers, then pre-release tags (a pre-release
 * comes before its release, `1.0.0-beta < 1.0.0`); build metadata is ignored. Negative when `a` is
 * older, 0 when equal, positive when newer. Throws `RangeError` for a string that is not a version.
 * @example compareAppVersions('1.10.0', '1.9.3') > 0
 */
export function compareAppVersions(a: string, b: string): number {
  return semver.compare(versionOf(a), versionOf(b));
}

function versionOf(text: string): semver.SemVer {
  const version = parsed(text);
  if (version === undefined) throw new RangeError(`'${text}' is not a version of the form major.minor.patch`);
  return version;
}
