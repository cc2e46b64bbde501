import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCrmRecord, toApiFields } from './convert-record';
import { defaultModelName, mapSObjectDescribe, type SObjectNaming } from './map-sobject-describe';
import type { SalesforceSObjectDescribe } from './salesforce-describe';

// Written by hand from the describe shape in crm-wire-formats.md and Salesforce's REST reference.
const contact = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'contact-describe.json'), 'utf8')) as SalesforceSObjectDescribe;

const naming: SObjectNaming = {
  entityOf: (sObject) => (sObject === 'Household__c' ? 'household' : defaultModelName(sObject)),
  fieldOverrides: (entity): Readonly<Record<string, string>> => (entity === 'contact' ? { fullname: 'Name', parentcustomerid: 'AccountId' } : {}),
  typeOverrides: () => ({}),
};

describe('mapSObjectDescribe', () => {
  const mapping = mapSObjectDescribe(contact, naming);
  const field = (name: string) => mapping.entity.fields.find((candidate) => candidate.name === name);

  it('names the entity after the sObject and makes Id its primary key, listed first', () => {
    expect(mapping.entity).toMatchObject({ name: 'contact', label: 'Contact', primaryKey: 'contactid', primaryName: 'fullname' });
    expect(mapping.entity.fields[0]).toEqual({ name: 'contactid', type: 'string', label: 'Contact ID' });
    expect(mapping.sObject).toBe('Contact');
    expect(mapping.keyPrefix).toBe('003');
  });

  it('maps describe types to model types', () => {
    expect(field('lastname')).toEqual({ name: 'lastname', type: 'string', label: 'Last Name', required: true, maxLength: 80 });
    expect(field('email')?.type).toBe('string');
    expect(field('birthdate')?.type).toBe('date');
    expect(field('description')).toMatchObject({ type: 'memo', maxLength: 32000 });
    expect(field('leadsource')?.type).toBe('string');
    expect(field('visit_count')).toMatchObject({ type: 'decimal', precision: 0 });
    expect(field('budget')).toMatchObject({ type: 'money', precision: 2 });
    expect(field('createddate')).toMatchObject({ type: 'datetime', readOnly: true });
    expect(field('isdeleted')).toMatchObject({ type: 'bool', readOnly: true });
  });

  it('leaves compound fields out', () => {
    expect(field('mailingaddress')).toBeUndefined();
  });

  it('turns references into lookups with model targets, OwnerId into an owner, master-detail into a parent lookup', () => {
    expect(field('parentcustomerid')).toMatchObject({ type: 'lookup', targets: ['account'] });
    expect(field('parentcustomerid')?.parent).toBeUndefined();
    expect(field('reportstoid')).toMatchObject({ type: 'lookup', targets: ['contact'] });
    expect(field('ownerid')).toMatchObject({ type: 'owner', targets: ['user'] });
    expect(field('household')).toMatchObject({ type: 'lookup', targets: ['household'], parent: true, required: true });
    expect(mapping.fields.get('parentcustomerid')).toMatchObject({ apiName: 'AccountId', relationshipName: 'Account' });
  });

  it('keeps sObject and field-level permissions from describe', () => {
    expect(mapping).toMatchObject({ queryable: true, createable: true, updateable: true, deletable: true });
    expect(mapping.fields.get('salary')).toMatchObject({ readable: false, createable: false, updateable: false });
    expect(mapping.fields.get('household')).toMatchObject({ readable: true, createable: true, updateable: false });
    expect(mapping.fields.get('fullname')).toMatchObject({ readable: true, createable: false, updateable: false });
  });

  it('reads a REST record into a model record with SystemModstamp as its version', () => {
    const record = toCrmRecord(
      {
        attributes: { type: 'Contact', url: '/services/data/v59.0/sobjects/Contact/003A' },
        Id: '003A',
        Name: 'Ada Lovelace',
        AccountId: '001B',
        OwnerId: '005C',
        Budget__c: 12.5,
        Birthdate: '1815-12-10',
        CreatedDate: '2026-11-22T09:30:00.000+0000',
        SystemModstamp: '2026-11-22T10:30:00.000+0000',
        MailingAddress: { city: 'London' },
      },
      mapping,
      (_id, targets) => targets[0],
      'test',
    );
    expect(record).toEqual({
      entity: 'contact',
      id: '003A',
      version: '2026-11-22T10:30:00.000Z',
      fields: {
        contactid: '003A',
        fullname: 'Ada Lovelace',
        parentcustomerid: { entity: 'account', id: '001B' },
        ownerid: { entity: 'user', id: '005C' },
        budget: 12.5,
        birthdate: '1815-12-10',
        createddate: '2026-11-22T09:30:00.000Z',
        systemmodstamp: '2026-11-22T10:30:00.000Z',
      },
    });
  });

  it('refuses a record without Id, of another sObject, or with a value of the wrong type', () => {
    const stamp = { SystemModstamp: '2026-11-22T10:30:00.000+0000' };
    expect(() => toCrmRecord({ ...stamp }, mapping, () => 'x', 'page[0]')).toThrow(expect.objectContaining({ code: 'CONTRACT_VIOLATION' }));
    expect(() => toCrmRecord({ attributes: { type: 'Lead' }, Id: '00Q', ...stamp }, mapping, () => 'x', 'page[0]')).toThrow(/Lead record in a Contact page/);
    expect(() => toCrmRecord({ Id: '003', Budget__c: 'lots', ...stamp }, mapping, () => 'x', 'page[0]')).toThrow(/not a number/);
  });

  it('writes model values under API names, references as ids, and leaves out what may not be written', () => {
    expect(
      toApiFields({ contactid: '003A', lastname: 'Lovelace', parentcustomerid: { entity: 'account', id: '001B' }, fullname: 'x' }, mapping, 'create'),
    ).toEqual({
      LastName: 'Lovelace',
      AccountId: '001B',
    });
    expect(toApiFields({ household: { entity: 'household', id: 'a01' } }, mapping, 'update')).toEqual({});
    expect(() => toApiFields({ nickname: 'Ada' }, mapping, 'create')).toThrow(/unknown field 'nickname'/);
  });
});
