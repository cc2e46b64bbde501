import { dateLiteralRange } from './date-literal-range';
import { parseSoql } from './parse-soql';
import { SoqlError } from './soql-error';

function errorOf(query: string): SoqlError {
  try {
    parseSoql(query);
  } catch (error) {
    if (SoqlError.is(error)) return error;
    throw error;
  }
  throw new Error(`no error for ${query}`);
}

describe('parseSoql', () => {
  it('reads fields, parent relationship paths, FROM, ORDER BY and LIMIT', () => {
    const query = parseSoql('SELECT Id, Name, Parent.Name FROM Account ORDER BY Name DESC, Id LIMIT 10');
    expect(query.fields).toEqual([['Id'], ['Name'], ['Parent', 'Name']]);
    expect(query.from).toBe('Account');
    expect(query.orderBy).toEqual([
      { field: ['Name'], descending: true, nullsLast: true },
      { field: ['Id'], descending: false, nullsLast: false },
    ]);
    expect(query.limit).toBe(10);
    expect(query.count).toBe(false);
  });

  it('takes keywords in any case and NULLS FIRST / LAST and OFFSET', () => {
    const query = parseSoql('select id from contact order by LastName asc nulls last limit 5 offset 20');
    expect(query.orderBy).toEqual([{ field: ['LastName'], descending: false, nullsLast: true }]);
    expect(query.offset).toBe(20);
  });

  it('refuses an OFFSET past 2,000 with NUMBER_OUTSIDE_VALID_RANGE', () => {
    expect(parseSoql('SELECT Id FROM Account LIMIT 10 OFFSET 2000').offset).toBe(2000);
    expect(errorOf('SELECT Id FROM Account OFFSET 2001').errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });

  it('reads SELECT COUNT()', () => {
    const query = parseSoql('SELECT COUNT() FROM Account WHERE Name != null');
    expect(query.count).toBe(true);
    expect(query.fields).toEqual([]);
  });

  it('builds AND / OR / NOT trees with parentheses', () => {
    const query = parseSoql("SELECT Id FROM Account WHERE (Name = 'a' OR Name = 'b') AND NOT Phone = null");
    expect(query.where).toEqual({
      kind: 'and',
      items: [
        {
          kind: 'or',
          items: [
            { kind: 'compare', field: ['Name'], op: '=', value: { kind: 'string', value: 'a' } },
            { kind: 'compare', field: ['Name'], op: '=', value: { kind: 'string', value: 'b' } },
          ],
        },
        { kind: 'not', item: { kind: 'compare', field: ['Phone'], op: '=', value: { kind: 'null' } } },
      ],
    });
  });

  it('refuses AND and OR mixed without parentheses, as Salesforce does', () => {
    const error = errorOf("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'");
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain("unexpected token: 'OR'");
  });

  it('reads every comparison operator, <> as !=, numbers, booleans and negative numbers', () => {
    const ops = ['=', '!=', '<', '<=', '>', '>='];
    for (const op of ops) {
      const query = parseSoql(`SELECT Id FROM Account WHERE NumberOfEmployees ${op} -12.5`);
      expect(query.where).toEqual({ kind: 'compare', field: ['NumberOfEmployees'], op, value: { kind: 'number', value: -12.5 } });
    }
    expect(parseSoql('SELECT Id FROM Account WHERE A <> 1').where).toMatchObject({ op: '!=' });
    expect(parseSoql('SELECT Id FROM Account WHERE IsDeleted = TRUE').where).toMatchObject({ value: { kind: 'boolean', value: true } });
  });

  it('reads IN, NOT IN and LIKE', () => {
    expect(parseSoql("SELECT Id FROM Account WHERE Id IN ('a', 'b')").where).toEqual({
      kind: 'in',
      field: ['Id'],
      negated: false,
      values: [
        { kind: 'string', value: 'a' },
        { kind: 'string', value: 'b' },
      ],
    });
    expect(parseSoql("SELECT Id FROM Account WHERE Id NOT IN ('a')").where).toMatchObject({ kind: 'in', negated: true });
    expect(parseSoql("SELECT Id FROM Account WHERE Name LIKE 'Ac%'").where).toEqual({ kind: 'like', field: ['Name'], pattern: 'Ac%' });
  });

  it('unescapes string literals and keeps escaped LIKE wildcards escaped', () => {
    expect(parseSoql("SELECT Id FROM Account WHERE Name = 'O\\'Brien\\n'").where).toMatchObject({ value: { value: "O'Brien\n" } });
    expect(parseSoql("SELECT Id FROM Account WHERE Name LIKE '50\\%'").where).toMatchObject({ pattern: '50\\%' });
  });

  it('reads date and date-time literals in UTC and with offsets', () => {
    expect(parseSoql('SELECT Id FROM Account WHERE CreatedDate > 2026-01-02T03:04:05Z').where).toMatchObject({
      value: { kind: 'datetime', value: Date.UTC(2026, 0, 2, 3, 4, 5) },
    });
    expect(parseSoql('SELECT Id FROM Account WHERE CreatedDate > 2026-01-02T03:04:05.250+01:00').where).toMatchObject({
      value: { kind: 'datetime', value: Date.UTC(2026, 0, 2, 2, 4, 5, 250) },
    });
    expect(parseSoql('SELECT Id FROM Account WHERE SystemModstamp >= 2026-01-02T03:04:05.000+0000').where).toMatchObject({
      value: { kind: 'datetime', value: Date.UTC(2026, 0, 2, 3, 4, 5) },
    });
    expect(parseSoql('SELECT Id FROM Contact WHERE Birthdate = 1990-02-28').where).toMatchObject({ value: { kind: 'date', value: Date.UTC(1990, 1, 28) } });
  });

  it('refuses an impossible date', () => {
    expect(errorOf('SELECT Id FROM Contact WHERE Birthdate = 1990-02-30').errorCode).toBe('MALFORMED_QUERY');
  });

  it('reads relative date literals with and without :n', () => {
    expect(parseSoql('SELECT Id FROM Account WHERE CreatedDate = TODAY').where).toMatchObject({ value: { kind: 'dateLiteral', name: 'TODAY' } });
    expect(parseSoql('SELECT Id FROM Account WHERE CreatedDate = last_n_days:30').where).toMatchObject({
      value: { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 30 },
    });
    expect(errorOf('SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS').errorCode).toBe('MALFORMED_QUERY');
    expect(errorOf('SELECT Id FROM Account WHERE CreatedDate = SOMEDAY').errorCode).toBe('MALFORMED_QUERY');
  });

  it.each([
    ['SELECT FROM Account', "unexpected token: 'FROM'"],
    ['SELECT Id FROM', 'unexpected token: <EOF>'],
    ['SELECT Id FROM Account WHERE', 'unexpected token: <EOF>'],
    ['SELECT Id, FROM Account', "unexpected token: 'FROM'"],
    ['SELECT Id FROM Account LIMIT x', "unexpected token: 'x'"],
    ['SELECT Id FROM Account WHERE (Name = null', 'unexpected token: <EOF>'],
    ["SELECT Id FROM Account WHERE Name = 'open", 'mismatched character'],
    ['SELECT Id FROM Account WHERE Name ~ 1', "no viable alternative at character '~'"],
    ['SELECT Id FROM Account garbage', "unexpected token: 'garbage'"],
    ['DELETE FROM Account', "unexpected token: 'DELETE'"],
  ])('refuses %s with MALFORMED_QUERY', (query, detail) => {
    const error = errorOf(query);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain(detail);
    expect(error.message).toMatch(/ERROR at Row:1:Column:\d+/);
  });

  it('points the error at the column of the bad token', () => {
    const error = errorOf('SELECT Id FROM Account WHERE');
    expect(error.message).toContain('ERROR at Row:1:Column:29');
    expect(error.position).toBe(28);
  });
});

describe('dateLiteralRange', () => {
  const now = Date.UTC(2026, 10, 25, 15, 30); // a Wednesday
  const day = 86_400_000;
  const today = Date.UTC(2026, 10, 25);

  it('covers whole UTC days for TODAY, YESTERDAY and TOMORROW', () => {
    expect(dateLiteralRange({ kind: 'dateLiteral', name: 'TODAY' }, now)).toEqual({ start: today, end: today + day });
    expect(dateLiteralRange({ kind: 'dateLiteral', name: 'YESTERDAY' }, now)).toEqual({ start: today - day, end: today });
    expect(dateLiteralRange({ kind: 'dateLiteral', name: 'TOMORROW' }, now)).toEqual({ start: today + day, end: today + 2 * day });
  });

  it('counts LAST_N_DAYS back from today including today, and NEXT_N_DAYS from tomorrow', () => {
    expect(dateLiteralRange({ kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 7 }, now)).toEqual({ start: today - 7 * day, end: today + day });
    expect(dateLiteralRange({ kind: 'dateLiteral', name: 'NEXT_N_DAYS', n: 2 }, now)).toEqual({ start: today + day, end: today + 3 * day });
  });

  it('starts weeks on Sunday and months and years on their first day', () => {
    expect(dateLiteralRange({ kind: 'dateLiteral', name: 'THIS_WEEK' }, now)).toEqual({ start: Date.UTC(2026, 10, 22), end: Date.UTC(2026, 10, 29) });
    expect(dateLiteralRange({ kind: 'dateLiteral', name: 'LAST_MONTH' }, now)).toEqual({ start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 10, 1) });
    expect(dateLiteralRange({ kind: 'dateLiteral', name: 'NEXT_YEAR' }, now)).toEqual({ start: Date.UTC(2027, 0, 1), end: Date.UTC(2028, 0, 1) });
  });
});
