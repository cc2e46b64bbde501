import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSqliteDatabase } from '@fieldsync/sqlite3-dialect';
import { ForeignDatabaseError } from '../errors/sync-core-errors';
import { openDeviceDatabase } from './open-device-database';

describe('openDeviceDatabase', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-db-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file that is not SQLite and leaves it as it was', async () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'this is not a database, just some text that is long enough to have a header'.repeat(20));
    const before = fs.readFileSync(file);
    await expect(openDeviceDatabase(file)).rejects.toBeInstanceOf(ForeignDatabaseError);
    await expect(openDeviceDatabase(file)).rejects.toMatchObject({ code: 'FOREIGN_DATABASE', details: { file } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses another app's SQLite database", async () => {
    const file = path.join(dir, 'other.sqlite');
    const other = await openSqliteDatabase(file);
    await other.schema.createTable('customers').addColumn('id', 'integer').execute();
    await other.destroy();
    await expect(openDeviceDatabase(file)).rejects.toThrow(/no fieldsync-device\/1 marker/);
  });
});
