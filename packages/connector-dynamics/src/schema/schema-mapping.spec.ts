import { selectList, toCrmRecord, toDataverseBody, WriteValueError } from './convert-record';
import type { AttributeDefinition } from './entity-definition';
import { mapEntityDefinition } from './map-entity-definition';
import { fieldPermissionsOf, privilegesFromRolePrivileges } from './privilege-depths';

const attributes: AttributeDefinition[] = [
  { LogicalName: 'annotationid', AttributeType: 'Uniqueidentifier', IsValidForCreate: true, IsValidForUpdate: false },
  { LogicalName: 'subject', AttributeType: 'String', MaxLength: 500, RequiredLevel: { Value: 'None' } },
  { LogicalName: 'notetext', AttributeType: 'Memo', MaxLength: 100000 },
  { LogicalName: 'objectid', AttributeType: 'Lookup', Targets: ['account', 'contact'] },
  { LogicalName: 'objectidtypecode', AttributeType: 'EntityName' },
  { LogicalName: 'filesize', AttributeType: 'Integer', IsValidForCreate: false, IsValidForUpdate: false },
  { LogicalName: 'isdocument', AttributeType: 'Boolean', IsValidForCreate: false, IsValidForUpdate: false },
  { LogicalName: 'ownerid', AttributeType: 'Owner' },
  { LogicalName: 'owneridname', AttributeType: 'String', AttributeOf: 'ownerid' },
  { LogicalName: 'createdon', AttributeType: 'DateTime', Format: 'DateAndTime', IsValidForCreate: false, IsValidForUpdate: false },
  { LogicalName: 'lastvisit', AttributeType: 'DateTime', Format: 'DateOnly' },
  { LogicalName: 'revenue', AttributeType: 'Money', Precision: 2 },
];
const mapping = mapEntityDefinition(
  {
    LogicalName: 'annotation',
    EntitySetName: 'annotations',
    PrimaryIdAttribute: 'annotationid',
    PrimaryNameAttribute: 'subject',
    ChangeTrackingEnabled: true,
    SchemaName: 'Annotation',
  },
  attributes,
);

describe('mapping EntityDefinitions onto the model', () => {
  it('names the entity set, primary key, change tracking and field types, leaving shadow attributes out', () => {
    expect(mapping.entitySet).toBe('annotations');
    expect(mapping.changeTracking).toBe(true);
    expect(mapping.entity.primaryKey).toBe('annotationid');
    expect(Object.fromEntries(mapping.entity.fields.map((field) => [field.name, field.type]))).toEqual({
      annotationid: 'string',
      subject: 'string',
      notetext: 'memo',
      objectid: 'lookup',
      filesize: 'int',
      isdocument: 'bool',
      ownerid: 'owner',
      createdon: 'datetime',
      lastvisit: 'date',
      revenue: 'money',
    });
    expect(mapping.entity.fields.find((field) => field.name === 'objectid')?.targets).toEqual(['account', 'contact']);
    expect(mapping.entity.fields.find((field) => field.name === 'createdon')?.readOnly).toBe(true);
    expect(mapping.createable.has('filesize')).toBe(false);
    expect(mapping.updateable.has('annotationid')).toBe(false);
  });

  it('refuses a definition without an entity set', () => {
    expect(() => mapEntityDefinition({ LogicalName: 'x', PrimaryIdAttribute: 'xid' }, [])).toThrow(/EntitySetName/);
  });
});

describe('records', () => {
  it('reads lookups from _x_value with the lookuplogicalname annotation and the version from the ETag', () => {
    const record = toCrmRecord(
      {
        '@odata.etag': 'W/"1042"',
        annotationid: 'A1B2C3D4-0000-0000-0000-000000000001',
        subject: 'Visit',
        _objectid_value: 'c1b2c3d4-0000-0000-0000-000000000002',
        '_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
        _ownerid_value: null,
        createdon: '2026-01-05T09:00:00Z',
        lastvisit: '2026-01-04',
        revenue: 12.5,
      },
      mapping,
      'page[0]',
    );
    expect(record).toEqual({
      entity: 'annotation',
      id: 'a1b2c3d4-0000-0000-0000-000000000001',
      version: 'W/"1042"',
      fields: {
        annotationid: 'a1b2c3d4-0000-0000-0000-000000000001',
        subject: 'Visit',
        objectid: { entity: 'contact', id: 'c1b2c3d4-0000-0000-0000-000000000002' },
        ownerid: null,
        createdon: '2026-01-05T09:00:00.000Z',
        lastvisit: '2026-01-04',
        revenue: 12.5,
      },
    });
  });

  it('refuses a record without its primary key or with a value of the wrong type', () => {
    expect(() => toCrmRecord({ subject: 'x' }, mapping, 'page[3]')).toThrow(/page\[3\]: the record has no 'annotationid'/);
    expect(() => toCrmRecord({ annotationid: 'a', filesize: 'big' }, mapping, 'page[0]')).toThrow(/not a int/);
  });

  it('selects _x_value for lookups and refuses an unknown field', () => {
    expect(selectList(mapping, ['subject', 'objectid'])).toEqual(['annotationid', 'subject', '_objectid_value']);
    expect(() => selectList(mapping, ['nope'])).toThrow(expect.objectContaining({ code: 'UNKNOWN_FIELD' }));
  });

  it('binds lookups by navigation property, per target for a polymorphic one, or by Content-ID', () => {
    const sets = (entity: string) => `${entity}s`;
    expect(
      toDataverseBody(
        { subject: 'x', objectid: { entity: 'account', id: 'a1' }, ownerid: { entity: 'systemuser', id: 'u1' } },
        mapping,
        sets,
        mapping.createable,
      ),
    ).toEqual({
      subject: 'x',
      'objectid_account@odata.bind': '/accounts(a1)',
      'ownerid@odata.bind': '/systemusers(u1)',
    });
    expect(toDataverseBody({ objectid: { entity: 'contact', id: 'c9' } }, mapping, sets, mapping.createable, (id) => (id === 'c9' ? '$1' : undefined))).toEqual(
      { 'objectid_contact@odata.bind': '$1' },
    );
    expect(() => toDataverseBody({ filesize: 3 }, mapping, sets, mapping.updateable)).toThrow(WriteValueError);
    expect(() => toDataverseBody({ objectid: { entity: 'task', id: 't' } }, mapping, sets, mapping.createable)).toThrow(/cannot point at a task/);
  });
});

describe('RetrieveUserPrivileges', () => {
  it('maps depths Basic, Local, Deep and Global, keeping the widest per operation', () => {
    const privileges = privilegesFromRolePrivileges([
      { PrivilegeName: 'prvReadAccount', Depth: 'Basic' },
      { PrivilegeName: 'prvReadAccount', Depth: 'Local' },
      { PrivilegeName: 'prvWriteAccount', Depth: 'Deep' },
      { PrivilegeName: 'prvAppendToAccount', Depth: 'Global' },
      { PrivilegeName: 'prvAppendAccount', Depth: 'Basic' },
      { PrivilegeName: 'prvExportToExcel', Depth: 'Global' },
    ]);
    expect(privileges.get('account')).toEqual({
      create: 'none',
      read: 'businessUnit',
      write: 'businessUnit',
      delete: 'none',
      append: 'user',
      appendTo: 'organization',
    });
  });
});

describe('RetrievePrincipalAttributePrivileges', () => {
  it('gives each secured field the rights its profiles grant, and none when no profile names it', () => {
    const secured = new Map([
      ['m-1', { entity: 'account', field: 'revenue' }],
      ['m-2', { entity: 'account', field: 'creditonhold' }],
    ]);
    expect(fieldPermissionsOf(secured, [{ AttributeId: 'M-1', CanRead: 4, CanCreate: 0, CanUpdate: 4 }])).toEqual({
      account: { revenue: { read: true, create: false, update: true }, creditonhold: { read: false, create: false, update: false } },
    });
  });

  it('keeps the metadata id of secured attributes', () => {
    const secured = mapEntityDefinition({ LogicalName: 'account', EntitySetName: 'accounts', PrimaryIdAttribute: 'accountid' }, [
      { LogicalName: 'accountid', AttributeType: 'Uniqueidentifier' },
      { LogicalName: 'revenue', AttributeType: 'Money', IsSecured: true, MetadataId: 'ABC' },
    ]).securedFields;
    expect([...secured]).toEqual([['abc', 'revenue']]);
  });
});
