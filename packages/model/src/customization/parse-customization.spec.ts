import { FieldsyncError } from '../errors/fieldsync-error';
import { formatIssue } from '../errors/validation-issue';
import { ValidationError } from '../errors/validation-error';
import type { Schema } from '../schema/entity-schema';
import { defaultAppSettings } from './app-settings';
import { customizationHash } from './customization-hash';
import { defaultPageSize, effectivePageSize } from './page-size';
import { parseCustomization } from './parse-customization';
import { validateCustomization } from './validate-customization';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'revenue', type: 'money' },
        {
          name: 'statecode',
          type: 'state',
          options: [
            { value: 0, label: 'Active' },
            { value: 1, label: 'Inactive' },
          ],
        },
        { name: 'ownerid', type: 'owner' },
      ],
    },
    {
      name: 'contact',
      primaryKey: 'contactid',
      fields: [
        { name: 'contactid', type: 'string' },
        { name: 'fullname', type: 'string' },
        { name: 'parentcustomerid', type: 'lookup', targets: ['account'], parent: true },
      ],
    },
    {
      name: 'email',
      primaryKey: 'activityid',
      kind: 'activity',
      fields: [
        { name: 'activityid', type: 'string' },
        { name: 'subject', type: 'string' },
        { name: 'regardingobjectid', type: 'lookup', targets: ['account', 'contact'] },
      ],
    },
    {
      name: 'listmember',
      primaryKey: 'listmemberid',
      kind: 'intersect',
      fields: [{ name: 'listmemberid', type: 'string' }],
    },
  ],
};

const activeAccounts = `<fetch version="1.0">
  <entity name="account">
    <filter type="and">
      <condition attribute="statecode" operator="eq" value="0" />
    </filter>
  </entity>
</fetch>`;

function issuesOf(input: unknown): string[] {
  return validateCustomization(input, schema).issues.map(formatIssue);
}

describe('parseCustomization', () => {
  it('applies defaults to a minimal document', () => {
    const { customization, warnings } = parseCustomization({ entities: [{ entity: 'account' }] }, schema);
    expect(warnings).toEqual([]);
    expect(customization.entities).toEqual([{ entity: 'account', fields: 'all', conflictPolicy: 'FieldMerge', uploadOnly: false, attachments: false }]);
    expect(customization.settings).toEqual(defaultAppSettings());
    expect(customization.blobStoreFilter).toBeUndefined();
    expect(customization.version).toBe(customizationHash(customization));
    expect(Object.isFrozen(customization.entities[0])).toBe(true);
  });

  it('parses FetchXML into the filter and keeps the given options', () => {
    const { customization } = parseCustomization(
      {
        entities: [
          {
            entity: 'account',
            fields: ['name', 'revenue'],
            fetchXml: activeAccounts,
            conflictPolicy: 'ServerWins',
            pageSize: 1000,
            attachments: true,
            forceFullSync: '2026-11-22T10:30:00+01:00',
          },
        ],
        blobStoreFilter: '<BlobStoreFilter />',
      },
      schema,
    );
    const [account] = customization.entities;
    expect(account.fields).toEqual(['accountid', 'name', 'revenue']);
    expect(account.filter?.entity).toBe('account');
    expect(account.filter?.where).toBeDefined();
    expect(account.conflictPolicy).toBe('ServerWins');
    expect(account.pageSize).toBe(1000);
    expect(account.attachments).toBe(true);
    expect(account.forceFullSync).toBe('2026-11-22T09:30:00.000Z');
    expect(customization.blobStoreFilter).toBe('<BlobStoreFilter />');
  });

  it('accepts a filter AST and a date for forceFullSync', () => {
    const filter = { entity: 'account', where: { kind: 'condition', field: 'statecode', operator: 'eq', value: 0 } };
    const { customization } = parseCustomization({ entities: [{ entity: 'account', filter, forceFullSync: '2026-11-22' }] }, schema);
    expect(customization.entities[0].filter).toEqual(filter);
    expect(customization.entities[0].forceFullSync).toBe('2026-11-22T00:00:00.000Z');
  });

  it('leaves its input untouched', () => {
    const input = { entities: [{ entity: 'account', fields: ['name'], filter: { entity: 'account' } }], settings: { MaxExecuteMultiple: 250 } };
    const before = structuredClone(input);
    parseCustomization(input, schema);
    expect(input).toEqual(before);
    expect(Object.isFrozen(input.entities[0])).toBe(false);
    expect(Object.isFrozen(input.entities[0].filter)).toBe(false);
  });

  it('accepts its JSON text and round-trips its own output', () => {
    const first = parseCustomization(
      JSON.stringify({ entities: [{ entity: 'account', fetchXml: activeAccounts }], settings: { MaxExecuteMultiple: 250 } }),
      schema,
    );
    const again = parseCustomization(JSON.parse(JSON.stringify(first.customization)), schema);
    expect(again.customization).toEqual(first.customization);
    expect(again.warnings).toEqual(first.warnings);
  });

  it('throws one error listing every issue with its path', () => {
    const input = {
      entities: [
        { entity: 'acount' },
        { entity: 'contact', fields: ['fullname', 'email', 'fullname'] },
        { entity: 'account', conflictPolicy: 'LastWins', pageSize: 0, uploadOnly: 'no' },
        {
          entity: 'account',
          fetchXml:
            '<fetch>\n  <entity name="account">\n    <filter>\n      <condition attribute="name" operator="eqq" value="x" />\n    </filter>\n  </entity>\n</fetch>',
        },
        { entity: 'email', filter: { entity: 'contact' }, forceFullSync: 'yesterday' },
      ],
      settings: { MaxExecuteMultiple: 5000, Foo: true },
      blobStoreFilter: 42,
      extra: 1,
    };
    let error: unknown;
    try {
      parseCustomization(input, schema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(FieldsyncError.is(error, 'VALIDATION_FAILED')).toBe(true);
    const { message, issues, subject } = error as ValidationError;
    expect(subject).toBe('customization');
    const expected = [
      "extra: unknown property 'extra'",
      "entities[0].entity: unknown entity 'acount'",
      "entities[1].fields[1]: unknown field 'email' of entity 'contact'",
      "entities[1].fields[2]: field 'fullname' is listed twice",
      "entities[2].conflictPolicy: unknown conflict policy string 'LastWins'; expected one of ServerWins, ClientWins, Manual, FieldMerge",
      'entities[2].pageSize: must be a whole number between 1 and 5000, got number 0',
      "entities[2].uploadOnly: must be true or false, got string 'no'",
      "entities[3].entity: entity 'account' is configured twice (also entities[2])",
      "entities[4].filter.entity: the filter selects from 'contact', not from 'email'",
      "entities[4].forceFullSync: must be an ISO-8601 date (2026-11-22) or date-time with a time zone, got string 'yesterday'",
      "settings.Foo: unknown setting 'Foo'",
      'settings.MaxExecuteMultiple: must be a whole number between 1 and 1000, got number 5000',
      'blobStoreFilter: must be BlobStoreFilter XML text (leave it out for none), got number 42',
    ];
    for (const line of expected) expect(message).toContain(line);
    const fetchIssue = issues.find((issue) => issue.path === 'entities[3].fetchXml');
    expect(fetchIssue).toMatchObject({ line: 4, message: expect.stringContaining("unknown operator 'eqq'") });
    expect(message).toContain("entities[3].fetchXml: unknown operator 'eqq' at /fetch/entity/filter[1]/condition[1]/@operator (line 4, column 35)");
    expect(issues).toHaveLength(expected.length + 1);
  });

  it('reports an unknown operator in a filter AST at its path', () => {
    const filter = { entity: 'account', where: { kind: 'group', type: 'and', children: [{ kind: 'condition', field: 'name', operator: 'eqq', value: 'x' }] } };
    const issues = issuesOf({ entities: [{ entity: 'contact' }, { entity: 'email' }, { entity: 'listmember' }, { entity: 'account', filter }] });
    expect(issues).toEqual(["entities[3].filter.where.children[0].operator: unknown operator 'eqq'"]);
  });

  it('reports filters that name unknown fields', () => {
    const fetchXml = '<fetch><entity name="account"><filter><condition attribute="nosuchfield" operator="null" /></filter></entity></fetch>';
    const issues = issuesOf({ entities: [{ entity: 'account', fetchXml }] });
    expect(issues).toEqual(["entities[0].fetchXml.where.children[0].field: unknown field 'nosuchfield' of entity 'account'"]);
  });

  it('refuses FetchXML with a DOCTYPE', () => {
    const fetchXml =
      '<!DOCTYPE fetch [<!ENTITY n "name">]><fetch><entity name="account"><filter><condition attribute="&n;" operator="null" /></filter></entity></fetch>';
    expect(issuesOf({ entities: [{ entity: 'account', fetchXml }] })).toEqual([
      expect.stringMatching(/^entities\[0\]\.fetchXml: a DOCTYPE is not allowed in FetchXML/),
    ]);
  });

  it('refuses filters nested deeper than 32 levels, as FetchXML or as an AST, naming the limit', () => {
    const fetchXml = `<fetch><entity name="account">${'<filter>'.repeat(300_000)}${'</filter>'.repeat(300_000)}</entity></fetch>`;
    let where: unknown = { kind: 'condition', field: 'name', operator: 'null' };
    for (let i = 0; i < 20_000; i++) where = { kind: 'group', type: 'and', children: [where] };
    const issues = issuesOf({
      entities: [
        { entity: 'account', fetchXml },
        { entity: 'contact', filter: { entity: 'contact', where } },
      ],
    });
    expect(issues).toEqual([
      expect.stringMatching(/^entities\[0\]\.fetchXml: the filter nests deeper than the limit of 32 levels at \/fetch\/entity(\/filter\[1\]){31} \(line 1/),
      expect.stringMatching(/^entities\[1\]\.filter: the filter nests deeper than the limit of 32 levels at where(\.children\[0\]){32}$/),
    ]);
  });

  it('refuses both filter and fetchXml, and a non-text fetchXml', () => {
    expect(issuesOf({ entities: [{ entity: 'account', fetchXml: activeAccounts, filter: { entity: 'account' } }] })).toEqual([
      "entities[0].fetchXml: give either 'filter' or 'fetchXml', not both",
    ]);
    expect(issuesOf({ entities: [{ entity: 'account', fetchXml: 7 }] })).toEqual(['entities[0].fetchXml: must be FetchXML text, got number 7']);
  });

  it('reports malformed JSON text with line and column', () => {
    const { issues } = validateCustomization('{\n  "entities": [\n    { "entity": "account" }\n  ,]\n}', schema);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('customization');
    expect(issues[0].message).toMatch(/^is not valid JSON/);
    expect(issues[0]).toMatchObject({ line: 4, column: 4 });
  });

  it('refuses documents that are not objects or lack entities', () => {
    expect(issuesOf([])).toEqual(['customization: must be an object, got an array']);
    expect(issuesOf({})).toEqual(['entities: must be a list of entity configurations, got nothing']);
  });

  it('warns about lookups to entities that are not synchronised', () => {
    const { warnings } = parseCustomization({ entities: [{ entity: 'contact' }, { entity: 'email', fields: ['subject'] }] }, schema);
    expect(warnings.map(formatIssue)).toEqual([
      "entities[0].fields: lookup 'parentcustomerid' can point to 'account', not synchronised: those records will not be on the device",
    ]);
    const both = parseCustomization({ entities: [{ entity: 'contact' }, { entity: 'account' }] }, schema);
    expect(both.warnings).toEqual([]);
  });

  it('warns about settings without effect and filters on upload-only entities', () => {
    const { customization, warnings } = parseCustomization(
      { entities: [{ entity: 'account', uploadOnly: true, fetchXml: activeAccounts }], settings: { SyncNoLock: true } },
      schema,
    );
    expect(customization.settings.SyncNoLock).toBe(true);
    expect(warnings.map((w) => w.path)).toEqual(['entities[0].fetchXml', 'settings.SyncNoLock']);
  });

  it('derives the version from the content and warns when a given one does not match', () => {
    const a = parseCustomization({ entities: [{ entity: 'account' }], settings: { MaxExecuteMultiple: 100 } }, schema).customization;
    const b = parseCustomization({ settings: {}, entities: [{ attachments: false, entity: 'account' }] }, schema).customization;
    const c = parseCustomization({ entities: [{ entity: 'account' }], settings: { MaxExecuteMultiple: 101 } }, schema).customization;
    expect(b.version).toBe(a.version);
    expect(c.version).not.toBe(a.version);
    const stale = parseCustomization({ version: 'v1', entities: [{ entity: 'account' }] }, schema);
    expect(stale.customization.version).toBe(a.version);
    expect(stale.warnings.map(formatIssue)).toEqual([`version: 'v1' does not match the content; the version is '${a.version}'`]);
  });
});

describe('effectivePageSize', () => {
  const settings = { ...defaultAppSettings(), EmailFetchPageSize: 50 };
  const config = (entity: string, pageSize?: number) =>
    ({ entity, fields: 'all', conflictPolicy: 'FieldMerge', uploadOnly: false, attachments: false, ...(pageSize ? { pageSize } : {}) }) as const;
  it('is 500 by default, EmailFetchPageSize for email, 2500 for intersect entities, and the override when given', () => {
    expect(effectivePageSize(config('account'), schema.entities[0], settings)).toBe(500);
    expect(effectivePageSize(config('email'), schema.entities[2], settings)).toBe(50);
    expect(effectivePageSize(config('listmember'), schema.entities[3], settings)).toBe(2500);
    expect(effectivePageSize(config('account', 42), schema.entities[0], settings)).toBe(42);
  });

  it('holds at most 12,000 field values a page by default: fewer records for a wide entity, never fewer than 50', () => {
    const wide = (fieldCount: number) => ({
      name: 'account',
      primaryKey: 'f0',
      fields: Array.from({ length: fieldCount }, (_, i) => ({ name: `f${i}`, type: 'string' as const })),
    });
    expect(effectivePageSize(config('account'), wide(24), settings)).toBe(500);
    expect(effectivePageSize(config('account'), wide(25), settings)).toBe(480);
    expect(effectivePageSize(config('account'), wide(120), settings)).toBe(100);
    expect(effectivePageSize(config('account'), wide(1_000), settings)).toBe(50);
    expect(effectivePageSize(config('account', 500), wide(120), settings)).toBe(500);
    expect(defaultPageSize(0)).toBe(500);
  });
});
