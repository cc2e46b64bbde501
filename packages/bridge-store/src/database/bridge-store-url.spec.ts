import { FieldsyncError } from '@fieldsync/model';
import { parseBridgeStoreUrl, redactUrl } from './bridge-store-url';

describe('parseBridgeStoreUrl', () => {
  it.each([
    ['bridge.db', 'bridge.db'],
    ['/var/lib/fieldsync/bridge.db', '/var/lib/fieldsync/bridge.db'],
    ['./data/bridge.db', './data/bridge.db'],
    [':memory:', ':memory:'],
    ['sqlite::memory:', ':memory:'],
    ['sqlite:data/bridge.db', 'data/bridge.db'],
    ['sqlite:///var/lib/bridge.db', '/var/lib/bridge.db'],
    ['SQLITE:bridge.db', 'bridge.db'],
    ['  bridge.db  ', 'bridge.db'],
  ])('reads %j as the SQLite file %j', (url, file) => {
    expect(parseBridgeStoreUrl(url)).toEqual({ dialect: 'sqlite', file });
  });

  it.each(['postgres://bridge@db:5432/bridge', 'postgresql://bridge:pw@db/bridge?sslmode=require', 'postgres:///bridge?host=/var/run/postgresql'])(
    'reads %j as PostgreSQL',
    (url) => {
      expect(parseBridgeStoreUrl(url)).toEqual({ dialect: 'postgres', connectionString: url });
    },
  );

  it.each(['', '   ', 'sqlite:', 'sqlite://', 'mysql://db/bridge', 'file:///tmp/x.db', 'postgres://db:port/x'])(
    'refuses %j with INVALID_DATABASE_URL',
    (url) => {
      let error: unknown;
      try {
        parseBridgeStoreUrl(url);
      } catch (e) {
        error = e;
      }
      expect(FieldsyncError.is(error, 'INVALID_DATABASE_URL')).toBe(true);
    },
  );
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://bridge:s3cr%40t@db:5432/bridge')).toBe('postgres://bridge:***@db:5432/bridge');
    expect(redactUrl('postgres://bridge@db/bridge')).toBe('postgres://bridge@db/bridge');
    expect(redactUrl('bridge.db')).toBe('bridge.db');
  });
});
