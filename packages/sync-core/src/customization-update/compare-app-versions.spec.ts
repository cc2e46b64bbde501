import { compareAppVersions, isAppVersion } from './compare-app-versions';

describe('compareAppVersions', () => {
  it('compares each number as a number, not as text', () => {
    expect(compareAppVersions('1.10.0', '1.9.3')).toBe(1);
    expect(compareAppVersions('1.9.3', '1.10.0')).toBe(-1);
    expect(compareAppVersions('2.0.0', '10.0.0')).toBe(-1);
    expect(compareAppVersions('1.2.10', '1.2.9')).toBe(1);
  });

  it('treats equal numbers as equal whatever the build metadata or a leading v', () => {
    expect(compareAppVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareAppVersions('v1.2.3', '1.2.3+build.7')).toBe(0);
  });

  it('puts a pre-release before its release and orders pre-release tags', () => {
    expect(compareAppVersions('1.0.0-beta', '1.0.0')).toBe(-1);
    expect(compareAppVersions('1.0.0', '1.0.0-rc.1')).toBe(1);
    expect(compareAppVersions('1.0.0-alpha', '1.0.0-alpha.1')).toBe(-1);
    expect(compareAppVersions('1.0.0-beta.2', '1.0.0-beta.11')).toBe(-1);
    expect(compareAppVersions('1.0.0-1', '1.0.0-alpha')).toBe(-1);
    expect(compareAppVersions('1.0.0-beta', '1.0.0-alpha')).toBe(1);
  });

  it('refuses text that is not major.minor.patch', () => {
    expect(isAppVersion('1.2')).toBe(false);
    expect(isAppVersion('latest')).toBe(false);
    expect(isAppVersion('3.0.0-rc.1')).toBe(true);
    expect(() => compareAppVersions('1.2', '1.2.0')).toThrow(RangeError);
  });
});
