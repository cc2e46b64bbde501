/** A parsed `major.minor.patch[-prerelease][+build]` version. */
interface AppVersion {
  readonly numbers: readonly [number, number, number];
  readonly prerelease: readonly string[];
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** True when `version` is a semantic version the engine can compare (`1.4.0`, `2.0.0-beta.1`). */
export function isAppVersion(version: string): boolean {
  return SEMVER.test(version.trim());
}

function parse(version: string): AppVersion {
  const match = SEMVER.exec(version.trim());
  if (!match) throw new RangeError(`'${version}' is not a version of the form major.minor.patch`);
  return { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4] ? match[4].split('.') : [] };
}

/**
 * Compares two semantic versions by their numbers, then by their pre-release tags (a pre-release
 * comes before its release, `1.0.0-beta < 1.0.0`); build metadata is ignored. Negative when `a` is
 * older, 0 when equal, positive when newer. Throws `RangeError` for a string that is not a version.
 * @example compareAppVersions('1.10.0', '1.9.3') > 0
 */
export function compareAppVersions(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  for (let index = 0; index < 3; index += 1) {
    const difference = left.numbers[index] - right.numbers[index];
    if (difference !== 0) return Math.sign(difference);
  }
  if (left.prerelease.length === 0 || right.prerelease.length === 0) return Math.sign(right.prerelease.length - left.prerelease.length);
  for (let index = 0; index < Math.max(left.prerelease.length, right.prerelease.length); index += 1) {
    const l = left.prerelease[index];
    const r = right.prerelease[index];
    if (l === undefined) return -1;
    if (r === undefined) return 1;
    if (l === r) continue;
    const ln = /^\d+$/.test(l) ? Number(l) : undefined;
    const rn = /^\d+$/.test(r) ? Number(r) : undefined;
    // Numeric identifiers compare as numbers and sort before alphanumeric ones.
    if (ln !== undefined && rn !== undefined) return Math.sign(ln - rn);
    if (ln !== undefined) return -1;
    if (rn !== undefined) return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}
