import { APP_SETTINGS, defaultAppSettings } from './app-settings';
import { resolveAppSettings } from './resolve-app-settings';

const format = (issues: readonly { path: string; message: string }[]) => issues.map((issue) => `${issue.path}: ${issue.message}`);

describe('resolveAppSettings', () => {
  it('gives every setting its default when nothing is set', () => {
    const { settings, issues, warnings } = resolveAppSettings(undefined);
    expect(issues).toEqual([]);
    expect(warnings).toEqual([]);
    expect(settings).toEqual(defaultAppSettings());
    expect(Object.keys(settings)).toHaveLength(APP_SETTINGS.length);
    expect(settings.MaxExecuteMultiple).toBe(100);
    expect(settings.EmailFetchPageSize).toBe(100);
    expect(settings.UploadRecordsInChronologicalOrder).toBe(true);
    expect(settings.MaxSyncCount).toBe(0);
    expect(settings.DownloadConcurrency).toBe(3);
    expect(settings.IntermediateCommitEvery).toBe(20000);
  });

  it('keeps given values and fills in the rest', () => {
    const { settings, issues } = resolveAppSettings({ MaxExecuteMultiple: 500, LogSyncDetails: false });
    expect(issues).toEqual([]);
    expect(settings).toEqual({ ...defaultAppSettings(), MaxExecuteMultiple: 500 });
  });

  it('reports unknown names, with a hint when only the case differs', () => {
    expect(format(resolveAppSettings({ Foo: 1, maxsynccount: 5 }).issues)).toEqual([
      "settings.Foo: unknown setting 'Foo'",
      "settings.maxsynccount: unknown setting 'maxsynccount'; did you mean 'MaxSyncCount'?",
    ]);
  });

  it('reports wrong types and values out of range', () => {
    expect(
      format(
        resolveAppSettings({
          MaxExecuteMultiple: 5000,
          EmailFetchPageSize: 10,
          MaxSyncCount: -1,
          DownloadConcurrency: 2.5,
          SyncNoLock: 'yes',
          MaxAttachmentSize: '1000',
        }).issues,
      ),
    ).toEqual([
      'settings.MaxExecuteMultiple: must be a whole number between 1 and 1000, got number 5000',
      'settings.EmailFetchPageSize: must be a whole number between 20 and 500, got number 10',
      'settings.MaxSyncCount: must be a whole number at least 0, got number -1',
      'settings.DownloadConcurrency: must be a whole number between 1 and 16, got number 2.5',
      "settings.SyncNoLock: must be true or false, got string 'yes'",
      "settings.MaxAttachmentSize: must be a whole number at least 0, got string '1000'",
    ]);
  });

  it('refuses a settings part that is not an object', () => {
    expect(format(resolveAppSettings([1, 2]).issues)).toEqual(['settings: must be an object of setting values, got an array']);
  });

  it('warns when a setting that has no effect yet is given a non-default value', () => {
    const { settings, issues, warnings } = resolveAppSettings({ SyncNoLock: true, MaxExecuteMultiple: 100, ShowSyncWarnings: false });
    expect(issues).toEqual([]);
    expect(settings.SyncNoLock).toBe(true);
    expect(warnings.map((w) => w.path)).toEqual(['settings.SyncNoLock', 'settings.ShowSyncWarnings']);
    expect(warnings[0].message).toMatch(/^SyncNoLock is not supported yet/);
    expect(warnings[1].message).toMatch(/^ShowSyncWarnings does not apply to Fieldsync/);
  });

  it('uses the given path prefix', () => {
    expect(resolveAppSettings({ Nope: true }, 'staged.settings').issues[0].path).toBe('staged.settings.Nope');
  });
});

describe('APP_SETTINGS', () => {
  it('describes every setting once with a default inside its range', () => {
    const names = APP_SETTINGS.map((setting) => setting.name);
    expect(new Set(names).size).toBe(names.length);
    for (const setting of APP_SETTINGS) {
      expect(setting.description.length).toBeGreaterThan(10);
      if (setting.type === 'bool') expect(typeof setting.default).toBe('boolean');
      else {
        expect(Number.isInteger(setting.default)).toBe(true);
        expect(setting.default as number).toBeGreaterThanOrEqual(setting.min ?? 0);
        expect(setting.default as number).toBeLessThanOrEqual(setting.max ?? Number.MAX_SAFE_INTEGER);
      }
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(APP_SETTINGS)).toBe(true);
    expect(Object.isFrozen(APP_SETTINGS[0])).toBe(true);
  });
});
