import { FieldsyncError } from '@fieldsync/model';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it('round-trips a sort key through an opaque, URL-safe string', () => {
    const cursor = encodeCursor('sync', ['2026-11-23T10:00:00.000Z', 'ü/+?']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('2026');
    expect(decodeCursor('sync', cursor, 2)).toEqual(['2026-11-23T10:00:00.000Z', 'ü/+?']);
  });

  it.each([
    ['garbage', '!!!'],
    ['another listing', encodeCursor('device', ['a', 'b'])],
    ['the wrong arity', encodeCursor('sync', ['a'])],
    ['a non-array', Buffer.from('{"a":1}').toString('base64url')],
    ['a nested value', Buffer.from('["sync",{"a":1},"b"]').toString('base64url')],
  ])('refuses %s with INVALID_CURSOR', (_what, cursor) => {
    let error: unknown;
    try {
      decodeCursor('sync', cursor, 2);
    } catch (e) {
      error = e;
    }
    expect(FieldsyncError.is(error, 'INVALID_CURSOR')).toBe(true);
  });
});
