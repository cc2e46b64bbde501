import type { FieldValues } from '../../record/field-value';
import type { FilterContext } from '../evaluation-context';
import type { FilterLiteral, FilterNode } from '../filter-node';
import type { FilterOperator } from '../filter-operator';
import { sampleContact as contact, sampleSchema as schema } from '../fixtures/sample-schema';
import { evaluateFilter } from './evaluate-filter';

const context: FilterContext = { clock: { now: () => Date.parse('2026-11-22T09:30:00.000Z') }, userId: 'u1', businessUnitId: 'b1' };
const cond = (field: string, operator: FilterOperator, value?: FilterLiteral | FilterLiteral[]): FilterNode =>
  value === undefined ? { kind: 'condition', field, operator } : { kind: 'condition', field, operator, value };
const matches = (node: FilterNode, fields: FieldValues) => evaluateFilter(node, fields, contact, context);

describe('evaluateFilter', () => {
  it('treats a null field as failing every comparison, ne and not-in included, like SQL', () => {
    for (const node of [cond('fullname', 'eq', 'a'), cond('fullname', 'ne', 'a'), cond('fullname', 'not-in', ['a']), cond('fullname', 'lt', 'z')]) {
      expect(matches(node, { fullname: null })).toBe(false);
      expect(matches(node, {})).toBe(false);
    }
    expect(matches(cond('fullname', 'null'), {})).toBe(true);
    expect(matches(cond('fullname', 'ne', 'a'), { fullname: 'b' })).toBe(true);
  });

  it('cuts last-x-days at the start of the UTC day x days ago and at now', () => {
    const last2 = cond('createdon', 'last-x-days', 2);
    expect(matches(last2, { createdon: '2026-11-20T00:00:00.000Z' })).toBe(true);
    expect(matches(last2, { createdon: '2026-11-19T23:59:59.999Z' })).toBe(false);
    expect(matches(last2, { createdon: '2026-11-22T09:30:00.000Z' })).toBe(true);
    expect(matches(last2, { createdon: '2026-11-22T09:30:00.001Z' })).toBe(false);
  });

  it('cuts next-x-days at now and before the start of the UTC day x + 1 days ahead', () => {
    const next1 = cond('createdon', 'next-x-days', 1);
    expect(matches(next1, { createdon: '2026-11-22T09:29:59.999Z' })).toBe(false);
    expect(matches(next1, { createdon: '2026-11-23T23:59:59.999Z' })).toBe(true);
    expect(matches(next1, { createdon: '2026-11-24T00:00:00.000Z' })).toBe(false);
    expect(matches(cond('birthdate', 'next-x-days', 1), { birthdate: '2026-11-23' })).toBe(true);
    expect(matches(cond('birthdate', 'next-x-days', 1), { birthdate: '2026-11-24' })).toBe(false);
  });

  it('selects older-than-x-days strictly before the start of the UTC day x days ago', () => {
    const older = cond('createdon', 'older-than-x-days', 3);
    expect(matches(older, { createdon: '2026-11-18T23:59:59.999Z' })).toBe(true);
    expect(matches(older, { createdon: '2026-11-19T00:00:00.000Z' })).toBe(false);
    expect(matches(cond('birthdate', 'older-than-x-days', 3), { birthdate: '2026-11-18' })).toBe(true);
    expect(matches(cond('birthdate', 'older-than-x-days', 3), { birthdate: '2026-11-19' })).toBe(false);
  });

  it('compares on-or-after and on-or-before by the day part', () => {
    expect(matches(cond('createdon', 'on-or-before', '2026-11-22'), { createdon: '2026-11-22T23:59:59.999Z' })).toBe(true);
    expect(matches(cond('createdon', 'on-or-after', '2026-11-23'), { createdon: '2026-11-22T23:59:59.999Z' })).toBe(false);
  });

  it('matches like case-insensitively for ASCII only, and begins-with literally', () => {
    expect(matches(cond('fullname', 'like', 'ab%'), { fullname: 'ABC' })).toBe(true);
    expect(matches(cond('fullname', 'like', 'é_'), { fullname: 'Éx' })).toBe(false);
    expect(matches(cond('fullname', 'like', 'a_c'), { fullname: 'a😀c' })).toBe(true);
    expect(matches(cond('fullname', 'begins-with', '50%'), { fullname: '50% off' })).toBe(true);
    expect(matches(cond('fullname', 'begins-with', '50%'), { fullname: '500 off' })).toBe(false);
  });

  it('compares booleans as 0/1, lookups by id and the current user and business unit', () => {
    expect(matches(cond('donotemail', 'eq', 'true'), { donotemail: true })).toBe(true);
    expect(matches(cond('donotemail', 'eq', false), { donotemail: true })).toBe(false);
    expect(matches(cond('parentcustomerid', 'eq', 'a1'), { parentcustomerid: { entity: 'account', id: 'a1' } })).toBe(true);
    expect(matches(cond('ownerid', 'eq-userid'), { ownerid: { entity: 'systemuser', id: 'u1' } })).toBe(true);
    expect(matches(cond('owningbusinessunit', 'eq-businessid'), { owningbusinessunit: { entity: 'businessunit', id: 'b2' } })).toBe(false);
  });

  it('matches an empty and, never an empty or', () => {
    expect(matches({ kind: 'group', type: 'and', children: [] }, {})).toBe(true);
    expect(matches({ kind: 'group', type: 'or', children: [] }, {})).toBe(false);
    expect(evaluateFilter(undefined, {}, contact, context)).toBe(true);
  });

  it('matches a link when the lookup is set and the resolved parent matches', () => {
    const link: FilterNode = { kind: 'link', lookup: 'parentcustomerid', entity: 'account', filter: cond('name', 'eq', 'Contoso') };
    const resolve = (entity: string, id: string) => (entity === 'account' && id === 'a1' ? { entity, id, fields: { name: 'Contoso' } } : undefined);
    const record = { entity: 'contact', id: 'c1', fields: { parentcustomerid: { entity: 'account', id: 'a1' } } };
    expect(evaluateFilter(link, record, contact, context, resolve, schema)).toBe(true);
    expect(evaluateFilter(link, { parentcustomerid: { entity: 'account', id: 'a2' } }, contact, context, resolve, schema)).toBe(false);
    expect(evaluateFilter(link, { parentcustomerid: null }, contact, context, resolve, schema)).toBe(false);
    expect(() => evaluateFilter(link, record, contact, context)).toThrow(expect.objectContaining({ code: 'INVALID_FILTER', path: 'where' }));
  });

  it('rejects an unknown field with its path', () => {
    expect(() => matches({ kind: 'group', type: 'and', children: [cond('nickname', 'eq', 'x')] }, {})).toThrow(
      expect.objectContaining({ code: 'INVALID_FILTER', path: 'where.children[0].field' }),
    );
  });
});
