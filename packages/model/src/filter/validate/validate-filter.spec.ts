import { ValidationError } from '../../errors/validation-error';
import { parseFetchXml } from '../fetchxml/parse-fetch-xml';
import type { SyncFilter } from '../filter-node';
import { sampleSchema } from '../fixtures/sample-schema';
import { assertValidFilter } from './assert-valid-filter';
import { filterFields } from './filter-fields';
import { isTimeDependent } from './is-time-dependent';
import { validateFilter } from './validate-filter';

const broken: SyncFilter = {
  entity: 'contact',
  where: {
    kind: 'group',
    type: 'and',
    children: [
      { kind: 'condition', field: 'fullname', operator: 'eq', value: 'Ann' },
      { kind: 'condition', field: 'nickname', operator: 'eq', value: 'x' },
      { kind: 'condition', field: 'numberofchildren', operator: 'like', value: '1%' },
      { kind: 'condition', field: 'numberofchildren', operator: 'gt', value: 'many' },
      { kind: 'condition', field: 'donotemail', operator: 'eq', value: 'yes' },
      { kind: 'condition', field: 'createdon', operator: 'last-x-days', value: -2 },
      { kind: 'condition', field: 'fullname', operator: 'null', value: 'x' },
      { kind: 'condition', field: 'gendercode', operator: 'in', value: [] },
      { kind: 'condition', field: 'gendercode', operator: 'not-in', value: [1, 'two'] },
      { kind: 'condition', field: 'parentcustomerid', operator: 'eq-userid' },
      { kind: 'condition', field: 'birthdate', operator: 'eq', value: '2026-02-30' },
      { kind: 'condition', field: 'fullname', operator: 'eqq' as never, value: 'x' },
      {
        kind: 'link',
        lookup: 'parentcustomerid',
        entity: 'account',
        filter: { kind: 'group', type: 'or', children: [{ kind: 'condition', field: 'revenue', operator: 'ge', value: 'lots' }] },
      },
      { kind: 'link', lookup: 'fullname', entity: 'account', filter: { kind: 'group', type: 'and', children: [] } },
      { kind: 'link', lookup: 'modifiedby', entity: 'account', filter: { kind: 'group', type: 'and', children: [] } },
    ],
  },
};

describe('validateFilter', () => {
  it('reports every problem at once, each with its path', () => {
    const issues = validateFilter(broken, sampleSchema);
    expect(issues.map((issue) => issue.path)).toEqual([
      'filter.where.children[1].field',
      'filter.where.children[2].operator',
      'filter.where.children[3].value',
      'filter.where.children[4].value',
      'filter.where.children[5].value',
      'filter.where.children[6].value',
      'filter.where.children[7].value',
      'filter.where.children[8].value[1]',
      'filter.where.children[9].operator',
      'filter.where.children[10].value',
      'filter.where.children[11].operator',
      'filter.where.children[12].filter.children[0].value',
      'filter.where.children[13].lookup',
      'filter.where.children[14].entity',
    ]);
    expect(issues[0].message).toBe("unknown field 'nickname' of entity 'contact'");
    expect(issues[1].message).toBe("operator 'like' does not apply to int field 'numberofchildren'");
    expect(issues[8].message).toBe("operator 'eq-userid' does not apply to lookup field 'parentcustomerid'");
    expect(issues[10].message).toBe("unknown operator 'eqq'");
    expect(issues[13].message).toBe("lookup 'modifiedby' does not point to entity 'account'");
  });

  it('accepts FetchXML text values that fit the field types', () => {
    const filter = parseFetchXml(`<fetch><entity name="contact">
      <filter type="or">
        <condition attribute="numberofchildren" operator="gt" value="2"/>
        <condition attribute="donotemail" operator="eq" value="1"/>
        <condition attribute="createdon" operator="ge" value="2026-01-01T08:00:00Z"/>
        <condition attribute="birthdate" operator="on-or-before" value="2000-12-31"/>
        <condition attribute="modifiedby" operator="eq-userid"/>
        <condition attribute="owningbusinessunit" operator="eq-businessid"/>
        <condition attribute="gendercode" operator="in"><value>1</value><value>2</value></condition>
      </filter>
      <link-entity name="account" from="accountid" to="parentcustomerid">
        <filter><condition attribute="name" operator="begins-with" value="Con"/></filter>
      </link-entity>
    </entity></fetch>`);
    expect(validateFilter(filter, sampleSchema)).toEqual([]);
  });

  it('reports an unknown entity', () => {
    expect(validateFilter({ entity: 'lead' }, sampleSchema, 'entities[2].filter')).toEqual([
      { path: 'entities[2].filter.entity', message: "unknown entity 'lead'" },
    ]);
  });

  it('throws a ValidationError listing the issues from assertValidFilter', () => {
    expect(() => assertValidFilter(broken, sampleSchema)).toThrow(ValidationError);
    expect(() => assertValidFilter({ entity: 'account' }, sampleSchema)).not.toThrow();
  });
});

describe('isTimeDependent and filterFields', () => {
  const filter = parseFetchXml(`<fetch><entity name="contact">
    <filter><condition attribute="statuscode" operator="eq" value="1"/></filter>
    <link-entity name="account" from="accountid" to="parentcustomerid">
      <filter><condition attribute="createdon" operator="last-x-days" value="7"/><condition attribute="name" operator="not-null"/></filter>
    </link-entity>
  </entity></fetch>`);

  it('finds a relative-date operator inside a link', () => {
    expect(isTimeDependent(filter)).toBe(true);
    expect(
      isTimeDependent(
        parseFetchXml('<fetch><entity name="a"><filter><condition attribute="x" operator="on-or-after" value="2026-01-01"/></filter></entity></fetch>'),
      ),
    ).toBe(false);
    expect(isTimeDependent(undefined)).toBe(false);
  });

  it('lists the fields read per entity, the lookup of a link included', () => {
    expect(filterFields(filter)).toEqual({ contact: ['statuscode', 'parentcustomerid'], account: ['createdon', 'name'] });
  });
});
