import fc from 'fast-check';
import { InvalidFilterError } from '../../errors/invalid-filter-error';
import type { FilterCondition, FilterLiteral, FilterNode, SyncFilter } from '../filter-node';
import { FILTER_OPERATORS, type FilterOperator } from '../filter-operator';
import { parseFetchXml } from './parse-fetch-xml';
import { toFetchXml } from './to-fetch-xml';

describe('parseFetchXml', () => {
  it('reads the Resco example: accounts whose status is not 2', () => {
    const filter = parseFetchXml(
      '<fetch version="1.0"><entity name="account"><filter type="and"><condition attribute="statuscode" operator="ne" value="2" /></filter></entity></fetch>',
    );
    expect(filter).toEqual({
      entity: 'account',
      where: { kind: 'group', type: 'and', children: [{ kind: 'condition', field: 'statuscode', operator: 'ne', value: '2' }] },
    });
  });

  it('reads nested and/or filters, <value> lists, x-days numbers and ignores attributes and order', () => {
    const filter = parseFetchXml(`<?xml version="1.0"?>
<fetch version="1.0" mapping="logical" distinct="true">
  <entity name="contact">
    <attribute name="fullname" />
    <order attribute="fullname" />
    <filter type="or">
      <condition attribute="statecode" operator="in"><value>0</value><value>1</value></condition>
      <filter>
        <condition attribute="createdon" operator="olderthan-x-days" value="30" />
        <condition attribute="ownerid" operator="eq-userid" />
      </filter>
    </filter>
  </entity>
</fetch>`);
    expect(filter.where).toEqual({
      kind: 'group',
      type: 'or',
      children: [
        { kind: 'condition', field: 'statecode', operator: 'in', value: ['0', '1'] },
        {
          kind: 'group',
          type: 'and',
          children: [
            { kind: 'condition', field: 'createdon', operator: 'older-than-x-days', value: 30 },
            { kind: 'condition', field: 'ownerid', operator: 'eq-userid' },
          ],
        },
      ],
    });
  });

  it('turns a link-entity into a link on the lookup and ands it with the entity filter', () => {
    const filter = parseFetchXml(`<fetch><entity name="contact">
  <filter><condition attribute="statuscode" operator="eq" value="1"/></filter>
  <link-entity name="account" from="accountid" to="parentcustomerid" link-type="inner" alias="a">
    <attribute name="name"/>
    <filter type="and"><condition attribute="name" operator="begins-with" value="Contoso &amp; Co"/></filter>
  </link-entity>
</entity></fetch>`);
    expect(filter.where).toEqual({
      kind: 'group',
      type: 'and',
      children: [
        { kind: 'group', type: 'and', children: [{ kind: 'condition', field: 'statuscode', operator: 'eq', value: '1' }] },
        {
          kind: 'link',
          lookup: 'parentcustomerid',
          entity: 'account',
          filter: { kind: 'group', type: 'and', children: [{ kind: 'condition', field: 'name', operator: 'begins-with', value: 'Contoso & Co' }] },
        },
      ],
    });
  });

  it('reads an entity without a filter as a filter that selects every record', () => {
    expect(parseFetchXml('<fetch><entity name="account"><all-attributes/></entity></fetch>')).toEqual({ entity: 'account' });
  });

  const malformed: [string, string, number, number, RegExp][] = [
    ['not well-formed XML', '<fetch><entity name="account">\n  <filter>\n</entity></fetch>', 3, 9, /malformed XML/],
    ['empty text', '', 1, 0, /malformed XML/],
    ['root other than fetch', '<query><entity name="a"/></query>', 1, 1, /root element must be <fetch>, got <query>/],
    ['unknown element', '<fetch><entity name="a">\n  <filtre/>\n</entity></fetch>', 2, 3, /unknown element <filtre> inside <entity>/],
    ['missing entity name', '<fetch>\n <entity>\n</entity></fetch>', 2, 2, /missing attribute 'name'/],
    [
      'missing operator',
      '<fetch><entity name="a"><filter>\n<condition attribute="x" value="1"/></filter></entity></fetch>',
      2,
      1,
      /missing attribute 'operator'/,
    ],
    [
      'unknown operator',
      '<fetch><entity name="a"><filter>\n  <condition attribute="x"   operator="eqq" value="1"/></filter></entity></fetch>',
      2,
      30,
      /unknown operator 'eqq'/,
    ],
    [
      'missing value',
      '<fetch><entity name="a"><filter>\n<condition attribute="x" operator="eq"/></filter></entity></fetch>',
      2,
      1,
      /operator 'eq' needs a value/,
    ],
    [
      'value on a no-value operator',
      '<fetch><entity name="a"><filter><condition attribute="x" operator="null" value="1"/></filter></entity></fetch>',
      1,
      74,
      /operator 'null' takes no value/,
    ],
    [
      '<value> on eq-userid',
      '<fetch><entity name="a"><filter><condition attribute="x" operator="eq-userid">\n<value>1</value></condition></filter></entity></fetch>',
      2,
      1,
      /takes no value/,
    ],
    [
      'in with a value attribute',
      '<fetch><entity name="a"><filter><condition attribute="x" operator="in" value="1"/></filter></entity></fetch>',
      1,
      72,
      /takes <value> elements/,
    ],
    [
      'negative x-days',
      '<fetch><entity name="a"><filter><condition attribute="d" operator="last-x-days" value="-1"/></filter></entity></fetch>',
      1,
      81,
      /whole number of days \(0 or more\), got '-1'/,
    ],
    [
      'fractional x-days',
      '<fetch><entity name="a"><filter><condition attribute="d" operator="next-x-days" value="1.5"/></filter></entity></fetch>',
      1,
      81,
      /got '1.5'/,
    ],
    ['bad filter type', '<fetch><entity name="a"><filter type="xor"/></entity></fetch>', 1, 33, /filter type must be 'and' or 'or', got 'xor'/],
    [
      'nested link-entity',
      '<fetch><entity name="a"><link-entity name="b" from="bid" to="b">\n    <link-entity name="c" from="cid" to="c"/></link-entity></entity></fetch>',
      2,
      5,
      /nested one level deep/,
    ],
    [
      'outer link',
      '<fetch><entity name="a"><link-entity name="b" from="bid" to="b" link-type="outer"/></entity></fetch>',
      1,
      65,
      /link-type 'outer' is not supported/,
    ],
    ['two entities', '<fetch><entity name="a"/><entity name="b"/></fetch>', 1, 26, /only one <entity>/],
    ['text inside a filter', '<fetch><entity name="a"><filter>oops</filter></entity></fetch>', 1, 25, /may not contain text/],
  ];

  it.each(malformed)('rejects %s with INVALID_FILTER, a path, the line and the column', (_name, text, line, column, message) => {
    let caught: unknown;
    try {
      parseFetchXml(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidFilterError);
    const error = caught as InvalidFilterError;
    expect(error.code).toBe('INVALID_FILTER');
    expect(error.path.startsWith('/')).toBe(true);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      'an internal subset',
      '<!DOCTYPE fetch [<!ENTITY x "statuscode">]><fetch><entity name="account"><filter><condition attribute="&x;" operator="ne" value="2"/></filter></entity></fetch>',
    ],
    ['an external subset', '<!DOCTYPE fetch SYSTEM "file:///etc/passwd"><fetch><entity name="account"/></fetch>'],
    ['parameter entities', '<!DOCTYPE fetch [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><fetch><entity name="account"/></fetch>'],
    ['an empty DOCTYPE', '<?xml version="1.0"?>\n<!DOCTYPE fetch><fetch><entity name="account"/></fetch>'],
  ])('refuses a DOCTYPE (%s) with INVALID_FILTER', (_name, text) => {
    let caught: unknown;
    try {
      parseFetchXml(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidFilterError);
    expect((caught as InvalidFilterError).code).toBe('INVALID_FILTER');
    expect((caught as InvalidFilterError).message).toMatch(/DOCTYPE is not allowed/);
  });

  it('names the condition and attribute in the path of an unknown operator', () => {
    expect(() =>
      parseFetchXml(
        '<fetch><entity name="a"><filter><condition attribute="x" operator="eq" value="1"/><condition attribute="y" operator="eqq" value="1"/></filter></entity></fetch>',
      ),
    ).toThrow(expect.objectContaining({ path: '/fetch/entity/filter[1]/condition[2]/@operator' }));
  });
});

describe('toFetchXml', () => {
  const field = fc.constantFrom('name', 'statuscode', 'createdon', 'ownerid');
  // Any XML-representable text: markup characters, quotes, newlines, tabs, non-ASCII, astral.
  const text = fc.string({ unit: fc.constantFrom('a', 'Z', '<', '>', '&', '"', "'", '\n', '\r', '\t', ' ', 'É', '😀', '%', ']]>') });
  const condition: fc.Arbitrary<FilterCondition> = fc.constantFrom(...FILTER_OPERATORS).chain((operator: FilterOperator) => {
    if (['null', 'not-null', 'eq-userid', 'eq-businessid'].includes(operator))
      return field.map((f): FilterCondition => ({ kind: 'condition', field: f, operator }));
    if (['last-x-days', 'next-x-days', 'older-than-x-days'].includes(operator))
      return fc.tuple(field, fc.nat(400)).map(([f, v]): FilterCondition => ({ kind: 'condition', field: f, operator, value: v }));
    if (operator === 'in' || operator === 'not-in')
      return fc
        .tuple(field, fc.array(text, { minLength: 1, maxLength: 3 }))
        .map(([f, v]): FilterCondition => ({ kind: 'condition', field: f, operator, value: v as FilterLiteral[] }));
    return fc.tuple(field, text).map(([f, v]): FilterCondition => ({ kind: 'condition', field: f, operator, value: v }));
  });
  const group = fc.letrec<{ group: FilterNode; node: FilterNode }>((tie) => ({
    group: fc.record({
      kind: fc.constant('group' as const),
      type: fc.constantFrom('and' as const, 'or' as const),
      children: fc.array(tie('node'), { maxLength: 3 }),
    }),
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, condition, tie('group')),
  })).group;
  const link = fc.record({ kind: fc.constant('link' as const), lookup: field, entity: fc.constantFrom('account', 'contact'), filter: group });
  const where: fc.Arbitrary<FilterNode | undefined> = fc.oneof(
    fc.constant(undefined),
    group,
    link,
    fc.array(fc.oneof(group, link), { minLength: 2, maxLength: 3 }).map((children): FilterNode => ({ kind: 'group', type: 'and', children })),
  );
  const syncFilter: fc.Arbitrary<SyncFilter> = fc
    .tuple(fc.constantFrom('account', 'contact'), where)
    .map(([entity, w]) => (w === undefined ? { entity } : { entity, where: w }));

  it('writes FetchXML that parses back to the same filter', () => {
    fc.assert(
      fc.property(syncFilter, (filter) => {
        expect(parseFetchXml(toFetchXml(filter))).toEqual(filter);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('refuses a link inside an or, which FetchXML cannot express', () => {
    const filter: SyncFilter = {
      entity: 'contact',
      where: {
        kind: 'group',
        type: 'or',
        children: [{ kind: 'link', lookup: 'parentcustomerid', entity: 'account', filter: { kind: 'group', type: 'and', children: [] } }],
      },
    };
    expect(() => toFetchXml(filter)).toThrow(expect.objectContaining({ code: 'INVALID_FILTER', path: 'where.children[0]' }));
  });
});
