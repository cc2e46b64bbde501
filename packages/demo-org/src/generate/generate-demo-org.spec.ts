import { findEntity, isEntityReference, type EntityReference } from '@fieldsync/model';
import { generateDemoOrg } from './generate-demo-org';
import { recordCounts } from './record-mix';

describe('generateDemoOrg', () => {
  it('generates an identical org from the same seed, ids and attachment bytes included', () => {
    const first = generateDemoOrg({ records: 1500, seed: 42 });
    const second = generateDemoOrg({ records: 1500, seed: 42 });
    expect(second).toEqual(first);
    expect(first.attachments.length).toBeGreaterThan(0);
  });

  it('generates different ids and values from a different seed', () => {
    const first = generateDemoOrg({ records: 500, seed: 1 });
    const other = generateDemoOrg({ records: 500, seed: 2 });
    expect(other.records.account[0].id).not.toBe(first.records.account[0].id);
    expect(other.users[0].id).not.toBe(first.users[0].id);
    expect(other.records.contact.map((c) => c.fields.fullname)).not.toEqual(first.records.contact.map((c) => c.fields.fullname));
  });

  it('generates exactly the number of records asked for, spread over every entity', () => {
    const org = generateDemoOrg({ records: 2345, seed: 3 });
    const counts = Object.values(org.records).map((records) => records.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2345);
    expect(org.records.account.length).toBe(Math.round(2345 * 0.1));
    for (const entity of org.schema.entities) expect(org.records[entity.name].length).toBeGreaterThan(0);
  });

  it('points every lookup and owner at a generated record or user of an allowed entity', () => {
    const org = generateDemoOrg({ records: 3000, seed: 9 });
    const ids = new Map<string, Set<string>>();
    for (const [entity, records] of Object.entries(org.records)) ids.set(entity, new Set(records.map((r) => r.id)));
    ids.set('systemuser', new Set(org.users.map((u) => u.id)));
    let checked = 0;
    for (const [entityName, records] of Object.entries(org.records)) {
      const entity = findEntity(org.schema, entityName)!;
      for (const record of records) {
        expect(record.fields[entity.primaryKey]).toBe(record.id);
        for (const field of entity.fields) {
          if (field.type !== 'lookup' && field.type !== 'owner') continue;
          const value = record.fields[field.name];
          if (value === null || value === undefined) {
            expect(field.required ?? false).toBe(false);
            continue;
          }
          expect(isEntityReference(value)).toBe(true);
          const ref = value as EntityReference;
          expect(field.targets).toContain(ref.entity);
          expect(ids.get(ref.entity)?.has(ref.id)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('owns every record by one of the three sales reps', () => {
    const org = generateDemoOrg({ records: 1000, seed: 5 });
    const reps = org.users.filter((u) => ['alice', 'bob', 'carol'].includes(u.userName)).map((u) => u.id);
    const owners = new Set<string>();
    for (const records of Object.values(org.records)) {
      for (const record of records) {
        const owner = record.fields.ownerid as EntityReference | undefined;
        if (owner) owners.add(owner.id);
      }
    }
    expect([...owners].sort()).toEqual([...reps].sort());
  });

  it('totals each quote as the sum of its details, each detail as quantity × price − discount', () => {
    const org = generateDemoOrg({ records: 2000, seed: 11 });
    const sums = new Map<string, number>();
    for (const detail of org.records.quotedetail) {
      const f = detail.fields;
      expect(f.extendedamount).toBeCloseTo((f.quantity as number) * (f.priceperunit as number) - (f.manualdiscountamount as number), 2);
      const quoteId = (f.quoteid as EntityReference).id;
      sums.set(quoteId, (sums.get(quoteId) ?? 0) + (f.extendedamount as number));
    }
    for (const quote of org.records.quote) {
      expect(quote.fields.totalamount).toBeCloseTo(sums.get(quote.id) ?? 0, 2);
      expect(quote.fields.totallineitemamount).toBe(quote.fields.totalamount);
    }
  });

  it('keeps every status within its state as the schema declares', () => {
    const org = generateDemoOrg({ records: 2000, seed: 13 });
    for (const entity of org.schema.entities) {
      const status = entity.fields.find((f) => f.name === 'statuscode');
      if (!status) continue;
      for (const record of org.records[entity.name]) {
        const option = status.options!.find((o) => o.value === record.fields.statuscode);
        expect(option?.state).toBe(record.fields.statecode);
      }
    }
  });

  it('gives every document note a body whose size and type the note states', () => {
    const org = generateDemoOrg({ records: 3000, seed: 17 });
    const notes = new Map(org.records.annotation.map((n) => [n.id, n]));
    for (const attachment of org.attachments) {
      const note = notes.get(attachment.recordId)!;
      expect(note.fields.isdocument).toBe(true);
      expect(note.fields.filesize).toBe(attachment.body.length);
      expect(note.fields.mimetype).toBe(attachment.mimeType);
      if (attachment.mimeType === 'image/png') expect(Buffer.from(attachment.body.subarray(1, 4)).toString('latin1')).toBe('PNG');
    }
    expect(org.records.annotation.filter((n) => n.fields.isdocument === true)).toHaveLength(org.attachments.length);
  });

  it('generates a well-formed empty org for zero records and refuses a negative count', () => {
    const empty = generateDemoOrg({ records: 0 });
    expect(Object.values(empty.records).every((r) => r.length === 0)).toBe(true);
    expect(empty.users.map((u) => u.userName)).toEqual(['alice', 'bob', 'carol', 'admin']);
    expect(() => generateDemoOrg({ records: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_DEMO_OPTIONS' }));
    expect(() => generateDemoOrg({ records: 1.5 })).toThrow(/records: must be a whole number/);
  });
});

describe('recordCounts', () => {
  it.each([1, 2, 5, 9, 10, 37, 1000, 99_999])('splits %i records without children lacking a parent', (total) => {
    const counts = recordCounts(total);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(total);
    expect(counts.account).toBeGreaterThan(0);
    if (counts.quotedetail > 0) expect(counts.quote).toBeGreaterThan(0);
    expect(Object.values(counts).every((c) => c >= 0)).toBe(true);
  });
});
