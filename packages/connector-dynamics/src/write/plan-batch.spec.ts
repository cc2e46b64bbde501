import type { WriteOperation } from '@fieldsync/connector-api';
import { guidForKey } from './guid-for-key';
import { chunkGroups, groupOperations } from './plan-batch';
import { writeFailureOf } from './write-failure';

const create = (id: string): WriteOperation => ({ kind: 'create', entity: 'account', id, idempotencyKey: id, fields: {} });

describe('planning a $batch', () => {
  it('puts a parent create and the children that point at it in one group, the rest alone', () => {
    const operations: WriteOperation[] = [
      create('p1'),
      create('other'),
      { kind: 'create', entity: 'contact', id: 'c1', idempotencyKey: 'c1', fields: { parentcustomerid: { entity: 'account', id: 'P1' } } },
      { kind: 'update', entity: 'account', id: 'x', idempotencyKey: 'u', fields: { name: 'n' } },
      { kind: 'create', entity: 'annotation', id: 'n1', idempotencyKey: 'n1', fields: { objectid: { entity: 'contact', id: 'c1' } } },
    ];
    expect(groupOperations(operations, ['p1', 'other', 'c1', undefined, 'n1'])).toEqual([[0, 2, 4], [1], [3]]);
  });

  it('splits 1,001 independent requests into $batch calls of 1,000 and 1', () => {
    const groups = Array.from({ length: 1_001 }, (_, index) => [index]);
    expect(chunkGroups(groups, 1_000).map((chunk) => chunk.length)).toEqual([1_000, 1]);
  });

  it('never splits a change set across $batch calls', () => {
    expect(chunkGroups([[0], [1, 2, 3], [4]], 3)).toEqual([[[0]], [[1, 2, 3]], [[4]]]);
  });

  it('derives the same GUID from the same idempotency key', () => {
    expect(guidForKey('k-1')).toBe(guidForKey('k-1'));
    expect(guidForKey('k-1')).not.toBe(guidForKey('k-2'));
    expect(guidForKey('k-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('reading a refused write', () => {
  it.each([
    ["Could not find a property named 'nope' on type 'Microsoft.Dynamics.CRM.account'.", 'nope'],
    ["Cannot convert the literal '\"x\"' to the expected type 'date' of 'contact.birthdate'.", 'birthdate'],
    ["A value for the attribute 'name' is required.", 'name'],
  ])('names the field of %j', (message, field) => {
    expect(writeFailureOf({ status: 400, errorCode: '0x80048d19', message })).toMatchObject({ code: 'VALIDATION_FAILED', field, retryable: false });
  });

  it('marks throttling and server errors retryable, privilege refusals not', () => {
    expect(writeFailureOf({ status: 429, errorCode: '0x80072322', message: 'slow down' }).retryable).toBe(true);
    expect(writeFailureOf({ status: 500, errorCode: '', message: 'boom' }).retryable).toBe(true);
    expect(writeFailureOf({ status: 403, errorCode: '0x80040220', message: 'no' })).toMatchObject({ code: 'PERMISSION_DENIED', retryable: false });
  });
});
