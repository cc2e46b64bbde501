import { CONFORMANCE_CITIES, createConformanceRecordGenerator } from './conformance-record-generator';

describe('createConformanceRecordGenerator', () => {
  it('makes the same records for the same seed and different ones for another seed', () => {
    const a = createConformanceRecordGenerator(5).accounts(50);
    const b = createConformanceRecordGenerator(5).accounts(50);
    const c = createConformanceRecordGenerator(6).accounts(50);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('spreads accounts over the cities in order, counting across calls', () => {
    const generator = createConformanceRecordGenerator(1);
    const first = generator.accounts(3);
    const next = generator.accounts(CONFORMANCE_CITIES.length);
    expect(first.map((account) => account.city)).toEqual(CONFORMANCE_CITIES.slice(0, 3));
    expect(next[0].city).toBe(CONFORMANCE_CITIES[3]);
    expect(new Set([...first, ...next].map((account) => account.name)).size).toBe(3 + CONFORMANCE_CITIES.length);
  });

  it('links contacts and notes to the account given', () => {
    const generator = createConformanceRecordGenerator(2);
    expect(generator.contacts(2, 'a1').every((contact) => (contact.parentcustomerid as { id: string }).id === 'a1')).toBe(true);
    expect(generator.notes(1, 'a1')[0].objectid).toEqual({ entity: 'account', id: 'a1' });
    expect(generator.notes(1)[0].objectid).toBeUndefined();
  });
});
