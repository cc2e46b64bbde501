import { checkSettingDraft, settingErrorsByName, settingInputOf } from '../src/settings/setting-draft';

const maxPageSize = { name: 'maxPageSize', min: 1, max: 5000 };

describe('a setting as the admin types it', () => {
  it('sends a number when the text is one, and the text itself otherwise, for the bridge to refuse', () => {
    expect(settingInputOf(' 30 ')).toBe(30);
    expect(settingInputOf('1.5')).toBe(1.5);
    expect(settingInputOf('')).toBe('');
    expect(settingInputOf('soon')).toBe('soon');
  });

  it('flags a value that is not an integer within the bounds, as the bridge would', () => {
    expect(checkSettingDraft('5000', maxPageSize)).toBeUndefined();
    expect(checkSettingDraft('1', maxPageSize)).toBeUndefined();
    for (const bad of ['0', '5001', '2.5', '', 'many'])
      expect([bad, checkSettingDraft(bad, maxPageSize)]).toEqual([bad, 'maxPageSize must be an integer from 1 to 5000']);
  });

  it("puts each of the bridge's userErrors beside the setting sent at its index", () => {
    expect(
      settingErrorsByName(
        [
          { field: 'settings[1].value', code: 'OUT_OF_RANGE', message: 'b is out' },
          { field: 'settings[0].name', code: 'UNKNOWN_SETTING', message: 'no a' },
          { field: null, code: 'OTHER', message: 'general' },
        ],
        ['a', 'b'],
      ),
    ).toEqual({ a: 'no a', b: 'b is out', '': 'general' });
  });
});
