import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SETTINGS } from './app-settings';

const doc = readFileSync(join(__dirname, '../../../../docs/settings.md'), 'utf8');
const rows = new Map(
  doc
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      return [cells[1].replace(/`/g, ''), cells] as const;
    }),
);

describe('docs/settings.md', () => {
  it.each(APP_SETTINGS.map((setting) => [setting.name, setting] as const))('lists %s with its type, default, range and support', (name, setting) => {
    const cells = rows.get(name);
    expect(cells).toBeDefined();
    const [, , type, defaultValue, range, support] = cells!;
    expect(type).toBe(setting.type);
    expect(defaultValue).toBe(`\`${String(setting.default)}\``);
    expect(support).toBe(setting.support);
    if (setting.type === 'int') {
      expect(range).toBe(setting.max === undefined ? `≥ ${setting.min}` : `${setting.min}–${setting.max}`);
    }
  });

  it('lists no setting that the table does not have', () => {
    const names = new Set(APP_SETTINGS.map((setting) => setting.name as string));
    expect([...rows.keys()].filter((name) => !names.has(name))).toEqual([]);
  });
});
