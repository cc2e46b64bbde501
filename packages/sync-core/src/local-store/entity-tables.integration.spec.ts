import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCustomization, type Schema } from '@fieldsync/model';
import { IncompatibleLocalSchemaError } from '../errors/sync-core-errors';
import { openDeviceDatabase } from '../node/open-device-database';
import { ensureEntityTables } from './entity-tables';
import { buildLocalSchema } from './local-schema';
import type { LocalDb } from './local-db';

/** Accounts with a text telephone number, as a device first created them. */
const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      primaryName: 'name',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'telephone1', type: 'string' },
      ],
    },
  ],
};

/** The same accounts after the server changed telephone1 to a whole number. */
const changed: Schema = {
  entities: schema.entities.map((entity) => ({
    ...entity,
    fields: entity.fields.map((field) => (field.name === 'telephone1' ? { ...field, type: 'int' as const } : field)),
  })),
};

describe('ensureEntityTables', () => {
  let dir: string;
  let db: LocalDb;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-entity-tables-'));
    db = await openDeviceDatabase(path.join(dir, 'device.db'));
  });

  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a local schema whose column changed type and changes nothing', async () => {
    const customization = parseCustomization({ entities: [{ entity: 'account' }] }, schema).customization;
    await db.transaction().execute((trx) => ensureEntityTables(trx, buildLocalSchema(schema, customization)));
    await db.insertInto('account').values({ accountid: 'a-1', name: 'Contoso', telephone1: '555 0100' }).execute();

    const next = parseCustomization({ entities: [{ entity: 'account' }] }, changed).customization;
    const widen = () => db.transaction().execute((trx) => ensureEntityTables(trx, buildLocalSchema(changed, next)));
    await expect(widen()).rejects.toBeInstanceOf(IncompatibleLocalSchemaError);
    await expect(widen()).rejects.toThrow(/account\.telephone1: the device column is TEXT but the customization needs INTEGER/);
    const row = await db.selectFrom('account').selectAll().where('accountid', '=', 'a-1').executeTakeFirst();
    expect(row).toMatchObject({ name: 'Contoso', telephone1: '555 0100' });
  });
});
