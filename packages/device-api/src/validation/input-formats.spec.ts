import { appVersionProblem, roleNameProblem, syncIdProblem } from './input-formats';

describe('input formats', () => {
  it('takes semantic app versions of at most 64 characters', () => {
    for (const version of ['1.0.0', '2.4.0-beta.1+build.7']) expect(appVersionProblem(version)).toBeUndefined();
    for (const version of ['1', '1.0', 'latest', ' 1.0.0', '1.0.0\n', 'v1.0.0', '=1.0.0']) expect(appVersionProblem(version)).toMatch(/semantic version/);
    expect(appVersionProblem(`1.0.0-${'a'.repeat(60)}`)).toMatch(/at most 64 characters, got 66/);
  });

  it('takes sync ids of 1 to 128 safe characters', () => {
    for (const id of ['s1', 'sync-1', '3f2b8c4e-0d1a-4c6b-9e7f-2a5d8b1c9e0f', 'a.b:c_d', 'x'.repeat(128)]) expect(syncIdProblem(id)).toBeUndefined();
    for (const id of ['', 'x'.repeat(129), 7]) expect(syncIdProblem(id)).toMatch(/1 to 128 characters/);
    for (const id of ['../x', 'a b', '-a', 'a\u0000']) expect(syncIdProblem(id)).toMatch(/only letters, digits/);
  });

  it('takes role names of 1 to 100 characters without control characters or surrounding spaces', () => {
    for (const role of ['Salesperson', 'System Administrator', 'Vertrieb (Süd)', 'x'.repeat(100)]) expect(roleNameProblem(role)).toBeUndefined();
    expect(roleNameProblem('  ')).toBe('the role name is empty');
    expect(roleNameProblem('r'.repeat(1024 * 1024))).toBe('the role name must be at most 100 characters, got 1048576');
    for (const role of ['Sales\nperson', 'a\u0007', 'a\u2028b']) expect(roleNameProblem(role)).toMatch(/control characters/);
    expect(roleNameProblem(' Salesperson')).toMatch(/spaces/);
  });
});
