import { parseCustomization, type Schema } from '@fieldsync/model';
import { customizationChanges } from './customization-changes';
import { customizationDraft } from './customization-draft';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'telephone1', type: 'string' },
        {
          name: 'statecode',
          type: 'state',
          options: [
            { value: 0, label: 'Active' },
            { value: 1, label: 'Inactive' },
          ],
        },
      ],
    },
    {
      name: 'contact',
      primaryKey: 'contactid',
      fields: [
        { name: 'contactid', type: 'string' },
        { name: 'fullname', type: 'string' },
      ],
    },
    {
      name: 'task',
      primaryKey: 'activityid',
      kind: 'activity',
      fields: [
        { name: 'activityid', type: 'string' },
        { name: 'subject', type: 'string' },
      ],
    },
  ],
};
const fieldsOf = (entity: string) => schema.entities.find((candidate) => candidate.name === entity)?.fields.map((field) => field.name) ?? [];
const parse = (input: unknown) => parseCustomization(input, schema).customization;
const ACTIVE = '<fetch><entity name="account"><filter><condition attribute="statecode" operator="eq" value="0" /></filter></entity></fetch>';

describe('customizationChanges', () => {
  const published = parse({ entities: [{ entity: 'account' }, { entity: 'task' }], settings: { MaxSyncCount: 100 } });

  it('finds nothing between a revision and its own draft, filters written back as FetchXML', () => {
    const withFilter = parse({ entities: [{ entity: 'account', fetchXml: ACTIVE, pageSize: 200 }, { entity: 'contact' }] });
    expect(customizationChanges(withFilter, parse(customizationDraft(withFilter)), fieldsOf)).toEqual({
      entities: [],
      settings: [],
      blobStoreFilter: null,
      empty: true,
    });
  });

  it('names entities added and removed, fields and filter and options of a kept entity, and settings with both values', () => {
    const next = parse({
      entities: [{ entity: 'contact' }, { entity: 'account', fields: ['accountid', 'name', 'statecode'], fetchXml: ACTIVE, conflictPolicy: 'ServerWins' }],
      settings: { MaxSyncCount: 250, LogSyncDetails: true },
    });
    const changes = customizationChanges(published, next, fieldsOf);
    expect(changes.empty).toBe(false);
    expect(changes.entities).toEqual([
      { entity: 'contact', change: 'added', fieldsAdded: ['contactid', 'fullname'], fieldsRemoved: [], filter: null, options: [] },
      {
        entity: 'account',
        change: 'changed',
        fieldsAdded: [],
        fieldsRemoved: ['telephone1'],
        filter: { before: null, after: expect.stringContaining('<condition attribute="statecode" operator="eq" value="0"') },
        options: [{ name: 'conflictPolicy', before: 'FieldMerge', after: 'ServerWins' }],
      },
      { entity: 'task', change: 'removed', fieldsAdded: [], fieldsRemoved: ['activityid', 'subject'], filter: null, options: [] },
    ]);
    expect(changes.settings).toEqual([
      { name: 'LogSyncDetails', change: 'changed', before: false, after: true },
      { name: 'MaxSyncCount', change: 'changed', before: 100, after: 250 },
    ]);
    expect(changes.blobStoreFilter).toBeNull();
  });

  it('treats everything as added against no published revision', () => {
    const changes = customizationChanges(undefined, published, fieldsOf);
    expect(changes.entities.map((change) => `${change.change} ${change.entity}`)).toEqual(['added account', 'added task']);
    expect(changes.settings.every((setting) => setting.change === 'added')).toBe(true);
  });
});
