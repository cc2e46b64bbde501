import { afterModstamp, buildQuery, modstampFrom } from './build-query';
import { soqlId } from './soql-literals';

describe('buildQuery', () => {
  it('writes SELECT, WHERE with each condition parenthesised, ORDER BY and LIMIT', () => {
    expect(
      buildQuery({ select: ['Id', 'Name'], from: 'Account', where: ["Name = 'x' OR Name = 'y'", undefined, "Id > '001'"], orderBy: 'Id', limit: 10 }),
    ).toBe("SELECT Id, Name FROM Account WHERE (Name = 'x' OR Name = 'y') AND (Id > '001') ORDER BY Id LIMIT 10");
    expect(buildQuery({ select: ['COUNT()'], from: 'Contact' })).toBe('SELECT COUNT() FROM Contact');
  });

  it('pages incremental reads on (SystemModstamp, Id) so equal timestamps at a boundary are kept', () => {
    expect(afterModstamp({ ts: '2026-11-22T09:30:00.000Z', id: '003A' })).toBe(
      "SystemModstamp > 2026-11-22T09:30:00.000Z OR (SystemModstamp = 2026-11-22T09:30:00.000Z AND Id > '003A')",
    );
    expect(modstampFrom('2026-11-22T09:29:00Z')).toBe('SystemModstamp >= 2026-11-22T09:29:00.000Z');
  });

  it('refuses an id that could break out of its quotes', () => {
    expect(soqlId('7b9d3c1e-1111-2222-3333-444455556666')).toBe("'7b9d3c1e-1111-2222-3333-444455556666'");
    expect(() => soqlId("x' OR Name != '")).toThrow(TypeError);
  });
});
