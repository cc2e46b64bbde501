import type { SoqlCondition, SoqlOperator, SoqlOrder, SoqlPath, SoqlQuery, SoqlValue } from './soql-ast';
import { SoqlError } from './soql-error';

type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';

interface Token {
  readonly kind: TokenKind;
  /** The text as written (for `string`, the unescaped value). */
  readonly text: string;
  readonly position: number;
  /** For `date`/`datetime`: ms since the epoch. */
  readonly time?: number;
}

/** Relative date literals the emulator evaluates; `true` when the literal takes `:n`. */
export const DATE_LITERALS: Readonly<Record<string, boolean>> = {
  YESTERDAY: false,
  TODAY: false,
  TOMORROW: false,
  LAST_WEEK: false,
  THIS_WEEK: false,
  NEXT_WEEK: false,
  LAST_MONTH: false,
  THIS_MONTH: false,
  NEXT_MONTH: false,
  LAST_YEAR: false,
  THIS_YEAR: false,
  NEXT_YEAR: false,
  LAST_N_DAYS: true,
  NEXT_N_DAYS: true,
  N_DAYS_AGO: true,
  LAST_N_WEEKS: true,
  NEXT_N_WEEKS: true,
  LAST_N_MONTHS: true,
  NEXT_N_MONTHS: true,
};

/** The largest OFFSET Salesforce accepts. */
export const MAX_OFFSET = 2000;

const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'LIMIT',
  'OFFSET',
  'NULL',
  'TRUE',
  'FALSE',
]);

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?![\w:])/;
const NUMBER = /^-?\d+(?:\.\d+)?(?![\w])/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

function malformed(query: string, position: number, detail: string): SoqlError {
  const before = query.slice(0, position);
  const row = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const line = query.split('\n')[row - 1] ?? '';
  return new SoqlError('MALFORMED_QUERY', `\n${line}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:${row}:Column:${column}\n${detail}`, position);
}

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = query.slice(i);
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= query.length) throw malformed(query, i, `line 1:${i} mismatched character '<EOF>' expecting '''`);
        const c = query[j];
        if (c === '\\') {
          const next = query[j + 1];
          const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', _: '\\_', '%': '\\%' };
          if (next === undefined || escapes[next] === undefined)
            throw malformed(query, j, `Invalid string literal '${query.slice(i, j + 2)}'. Illegal character sequence '\\${next ?? ''}' in string literal.`);
          value += escapes[next];
          j += 2;
          continue;
        }
        if (c === "'") break;
        value += c;
        j++;
      }
      tokens.push({ kind: 'string', text: value, position: i });
      i = j + 1;
      continue;
    }
    if (/[0-9-]/.test(ch)) {
      const dt = DATETIME.exec(rest);
      if (dt) {
        const [, y, mo, d, h, mi, s, frac = '0', zone] = dt;
        if (!validDay(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
          throw malformed(query, i, `value of filter criterion is not a valid dateTime: ${dt[0]}`);
        }
        let offset = 0;
        if (zone !== 'Z') {
          const digits = zone.slice(1).replace(':', '');
          offset = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
        }
        const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0'))) - offset * 60_000;
        tokens.push({ kind: 'datetime', text: dt[0], position: i, time });
        i += dt[0].length;
        continue;
      }
      const date = DATE.exec(rest);
      if (date) {
        const [, y, mo, d] = date;
        if (!validDay(Number(y), Number(mo), Number(d))) throw malformed(query, i, `value of filter criterion is not a valid date: ${date[0]}`);
        tokens.push({ kind: 'date', text: date[0], position: i, time: Date.UTC(Number(y), Number(mo) - 1, Number(d)) });
        i += date[0].length;
        continue;
      }
      const number = NUMBER.exec(rest);
      if (number) {
        tokens.push({ kind: 'number', text: number[0], position: i });
        i += number[0].length;
        continue;
      }
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      let text = ident[0];
      // A relative date literal with an argument: LAST_N_DAYS:30.
      const withArg = /^:(\d+)/.exec(query.slice(i + text.length));
      if (withArg && DATE_LITERALS[text.toUpperCase()] === true) text += withArg[0];
      tokens.push({ kind: 'ident', text, position: i });
      i += text.length;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[0] === '<>' ? '!=' : op[0], position: i });
      i += op[0].length;
      continue;
    }
    if ('(),'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, position: i });
      i++;
      continue;
    }
    throw malformed(query, i, `line 1:${i} no viable alternative at character '${ch}'`);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', position: query.length });
  return tokens;
}

class Parser {
  private index = 0;

  constructor(
    private readonly query: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isKeyword(word: string, token = this.peek()): boolean {
    return token.kind === 'ident' && token.text.toUpperCase() === word;
  }

  private unexpected(token = this.peek()): SoqlError {
    return malformed(this.query, token.position, `unexpected token: ${token.kind === 'eof' ? '<EOF>' : `'${token.text}'`}`);
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) throw this.unexpected();
    this.next();
  }

  private expectPunct(text: string): void {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text) throw this.unexpected();
    this.next();
  }

  private path(): SoqlPath {
    const token = this.peek();
    if (token.kind !== 'ident' || KEYWORDS.has(token.text.toUpperCase())) throw this.unexpected();
    this.next();
    return token.text.split('.');
  }

  private integer(): number {
    const token = this.peek();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) throw this.unexpected();
    this.next();
    return Number(token.text);
  }

  parse(): SoqlQuery {
    this.expectKeyword('SELECT');
    const fields: SoqlPath[] = [];
    let count = false;
    if (this.isKeyword('COUNT') && this.peek(1).text === '(') {
      this.next();
      this.expectPunct('(');
      this.expectPunct(')');
      count = true;
    } else {
      for (;;) {
        fields.push(this.path());
        if (this.peek().text !== ',') break;
        this.next();
      }
    }
    this.expectKeyword('FROM');
    const fromToken = this.peek();
    if (fromToken.kind !== 'ident' || fromToken.text.includes('.') || KEYWORDS.has(fromToken.text.toUpperCase())) throw this.unexpected();
    this.next();
    let where: SoqlCondition | undefined;
    if (this.isKeyword('WHERE')) {
      this.next();
      where = this.condition();
    }
    const orderBy: SoqlOrder[] = [];
    if (this.isKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      for (;;) {
        const field = this.path();
        let descending = false;
        if (this.isKeyword('ASC')) this.next();
        else if (this.isKeyword('DESC')) {
          this.next();
          descending = true;
        }
        let nullsLast = descending;
        if (this.isKeyword('NULLS')) {
          this.next();
          if (this.isKeyword('FIRST')) nullsLast = false;
          else if (this.isKeyword('LAST')) nullsLast = true;
          else throw this.unexpected();
          this.next();
        }
        orderBy.push({ field, descending, nullsLast });
        if (this.peek().text !== ',') break;
        this.next();
      }
    }
    let limit: number | undefined;
    let offset: number | undefined;
    if (this.isKeyword('LIMIT')) {
      this.next();
      limit = this.integer();
    }
    if (this.isKeyword('OFFSET')) {
      this.next();
      const token = this.peek();
      offset = this.integer();
      if (offset > MAX_OFFSET) throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`, token.position);
    }
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return { fields, count, from: fromToken.text, where, orderBy, limit, offset };
  }

  /** A chain of AND or of OR (SOQL refuses to mix them without parentheses). */
  private condition(): SoqlCondition {
    const first = this.unary();
    const items = [first];
    let joiner: 'AND' | 'OR' | undefined;
    while (this.isKeyword('AND') || this.isKeyword('OR')) {
      const word = this.peek().text.toUpperCase() as 'AND' | 'OR';
      if (joiner !== undefined && word !== joiner) throw this.unexpected();
      joiner = word;
      this.next();
      items.push(this.unary());
    }
    if (joiner === undefined) return first;
    return { kind: joiner === 'AND' ? 'and' : 'or', items };
  }

  private unary(): SoqlCondition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    if (this.peek().text === '(' && this.peek().kind === 'punct') {
      this.next();
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    return this.predicate();
  }

  private predicate(): SoqlCondition {
    const field = this.path();
    const token = this.peek();
    if (token.kind === 'op') {
      this.next();
      return { kind: 'compare', field, op: token.text as SoqlOperator, value: this.value() };
    }
    let negated = false;
    if (this.isKeyword('NOT') && this.isKeyword('IN', this.peek(1))) {
      this.next();
      negated = true;
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectPunct('(');
      const values: SoqlValue[] = [this.value()];
      while (this.peek().text === ',' && this.peek().kind === 'punct') {
        this.next();
        values.push(this.value());
      }
      this.expectPunct(')');
      return { kind: 'in', field, negated, values };
    }
    if (this.isKeyword('LIKE')) {
      this.next();
      const pattern = this.peek();
      if (pattern.kind !== 'string') throw this.unexpected();
      this.next();
      return { kind: 'like', field, pattern: pattern.text };
    }
    throw this.unexpected();
  }

  private value(): SoqlValue {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'date':
        return { kind: 'date', value: token.time ?? NaN, text: token.text };
      case 'datetime':
        return { kind: 'datetime', value: token.time ?? NaN, text: token.text };
      case 'ident': {
        const upper = token.text.toUpperCase();
        if (upper === 'NULL') return { kind: 'null' };
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
        const [name, arg] = upper.split(':');
        const takesArg = DATE_LITERALS[name];
        if (takesArg === false && arg === undefined) return { kind: 'dateLiteral', name };
        if (takesArg === true && arg !== undefined) return { kind: 'dateLiteral', name, n: Number(arg) };
        if (takesArg === true) throw malformed(this.query, token.position, `unexpected token: '${token.text}' (${name} needs :n)`);
        throw malformed(this.query, token.position, `unexpected token: '${token.text}'`);
      }
      default:
        throw malformed(this.query, token.position, `unexpected token: ${token.kind === 'eof' ? '<EOF>' : `'${token.text}'`}`);
    }
  }
}

/**
 * Parses the SOQL subset the emulator serves: `SELECT` fields (with parent relationship paths such as
 * `Parent.Name`) or `COUNT()`, `FROM`, `WHERE` with AND / OR / NOT and parentheses, comparisons, IN,
 * NOT IN, LIKE, NULL, booleans, numbers, strings, date and date-time literals and relative date
 * literals (`TODAY`, `LAST_N_DAYS:n`, ...), `ORDER BY` (several, ASC / DESC, NULLS FIRST / LAST),
 * `LIMIT` and `OFFSET`. Keywords are case-insensitive. Throws {@link SoqlError} `MALFORMED_QUERY`
 * with Salesforce's message layout (`ERROR at Row:r:Column:c`).
 * @example parseSoql("SELECT Id, Parent.Name FROM Account WHERE Name LIKE 'A%' ORDER BY Name LIMIT 10")
 */
export function parseSoql(query: string): SoqlQuery {
  return new Parser(query, tokenize(query)).parse();
}
