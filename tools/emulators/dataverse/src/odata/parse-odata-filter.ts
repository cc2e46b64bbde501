import { queryError } from '../server/dataverse-api-error';
import type { ODataComparisonOperator, ODataFilter, ODataLiteral, ODataProperty } from './odata-filter-ast';

type Token =
  | { readonly type: 'name'; readonly text: string; readonly position: number }
  | { readonly type: 'literal'; readonly literal: ODataLiteral; readonly position: number }
  | { readonly type: 'punct'; readonly text: '(' | ')' | ',' | '/' | '=' | '[' | ']'; readonly position: number }
  | { readonly type: 'end'; readonly position: number };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w:])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDfFlL]?(?![\w.])/;
const NAME = /^[A-Za-z_][\w.]*/;
const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const STRING_FUNCTIONS = new Set(['contains', 'startswith', 'endswith']);
const QUERY_FUNCTION_PREFIX = 'Microsoft.Dynamics.CRM.';

function syntaxError(text: string, position: number): Error {
  return queryError(`Syntax error at position ${position} in '${text}'.`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const rest = text.slice(i);
    if ('(),/=[]'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch as '(' | ')' | ',' | '/' | '=' | '[' | ']', position: i });
      i++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw queryError(`There is an unterminated string literal at position ${i} in '${text}'.`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'string', value }, position: i });
      i = j + 1;
      continue;
    }
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'guid', value: guid[0].toLowerCase() }, position: i });
      i += guid[0].length;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      const ms = Date.parse(datetime[0]);
      if (Number.isNaN(ms)) throw syntaxError(text, i);
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'datetime', value: new Date(ms).toISOString() }, position: i });
      i += datetime[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      if (Number.isNaN(Date.parse(`${date[0]}T00:00:00Z`))) throw syntaxError(text, i);
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'date', value: date[0] }, position: i });
      i += date[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'number', value: Number(number[0].replace(/[mMdDfFlL]$/, '')) }, position: i });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      const word = name[0];
      if (word === 'null') tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'null' }, position: i });
      else if (word === 'true' || word === 'false')
        tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'bool', value: word === 'true' }, position: i });
      else tokens.push({ type: 'name', text: word, position: i });
      i += word.length;
      continue;
    }
    throw syntaxError(text, i);
  }
  tokens.push({ type: 'end', position: text.length });
  return tokens;
}

/** A recursive-descent parser over the tokens: or → and → not → primary. */
class FilterParser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): ODataFilter {
    const filter = this.or();
    const next = this.peek();
    if (next.type !== 'end') throw syntaxError(this.text, next.position);
    return filter;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.type === 'name' && token.text === word;
  }

  private expect(text: '(' | ')' | ',' | '=' | ']'): void {
    const token = this.next();
    if (token.type !== 'punct' || token.text !== text) throw syntaxError(this.text, token.position);
  }

  private or(): ODataFilter {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): ODataFilter {
    let left = this.unary();
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): ODataFilter {
    if (this.isWord('not')) {
      this.next();
      return { kind: 'not', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): ODataFilter {
    const token = this.peek();
    if (token.type === 'punct' && token.text === '(') {
      this.next();
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.type === 'literal') {
      this.next();
      if (token.literal.type === 'bool' && !this.isComparison()) return { kind: 'constant', value: token.literal.value };
      // `literal op property`: turned around so the property is on the left.
      const operator = this.comparison();
      const property = this.property();
      return { kind: 'compare', operator: flip(operator), property, value: token.literal };
    }
    if (token.type !== 'name') throw syntaxError(this.text, token.position);
    if (token.text.startsWith(QUERY_FUNCTION_PREFIX)) return this.queryFunction();
    const after = this.tokens[this.index + 1];
    if (STRING_FUNCTIONS.has(token.text) && after.type === 'punct' && after.text === '(') {
      this.next();
      this.expect('(');
      const property = this.property();
      this.expect(',');
      const value = this.next();
      if (value.type !== 'literal' || value.literal.type !== 'string') throw syntaxError(this.text, value.position);
      this.expect(')');
      return { kind: 'stringFunction', name: token.text as 'contains' | 'startswith' | 'endswith', property, value: value.literal.value };
    }
    const property = this.property();
    const operator = this.comparison();
    const value = this.next();
    if (value.type !== 'literal') throw syntaxError(this.text, value.position);
    return { kind: 'compare', operator, property, value: value.literal };
  }

  private isComparison(): boolean {
    const token = this.peek();
    return token.type === 'name' && COMPARISONS.has(token.text);
  }

  private comparison(): ODataComparisonOperator {
    const token = this.next();
    if (token.type !== 'name' || !COMPARISONS.has(token.text)) throw syntaxError(this.text, token.position);
    return token.text as ODataComparisonOperator;
  }

  private property(): ODataProperty {
    const first = this.next();
    if (first.type !== 'name' || COMPARISONS.has(first.text) || ['and', 'or', 'not'].includes(first.text)) throw syntaxError(this.text, first.position);
    const segments = [first.text];
    while (this.peek().type === 'punct' && (this.peek() as { text: string }).text === '/') {
      this.next();
      const segment = this.next();
      if (segment.type !== 'name') throw syntaxError(this.text, segment.position);
      segments.push(segment.text);
    }
    return { kind: 'property', segments, position: first.position };
  }

  private queryFunction(): ODataFilter {
    const head = this.next() as Extract<Token, { type: 'name' }>;
    const name = head.text.slice(QUERY_FUNCTION_PREFIX.length);
    this.expect('(');
    const args: Record<string, ODataLiteral | ODataLiteral[]> = {};
    if (!(this.peek().type === 'punct' && (this.peek() as { text: string }).text === ')')) {
      for (;;) {
        const key = this.next();
        if (key.type !== 'name') throw syntaxError(this.text, key.position);
        this.expect('=');
        const value = this.peek();
        if (value.type === 'punct' && value.text === '[') {
          this.next();
          const list: ODataLiteral[] = [];
          while (!(this.peek().type === 'punct' && (this.peek() as { text: string }).text === ']')) {
            const item = this.next();
            if (item.type !== 'literal') throw syntaxError(this.text, item.position);
            list.push(item.literal);
            if (this.peek().type === 'punct' && (this.peek() as { text: string }).text === ',') this.next();
          }
          this.expect(']');
          args[key.text] = list;
        } else {
          this.next();
          if (value.type !== 'literal') throw syntaxError(this.text, value.position);
          args[key.text] = value.literal;
        }
        const separator = this.next();
        if (separator.type === 'punct' && separator.text === ')') break;
        if (separator.type !== 'punct' || separator.text !== ',') throw syntaxError(this.text, separator.position);
      }
    } else {
      this.next();
    }
    return { kind: 'queryFunction', name, arguments: args, position: head.position };
  }
}

function flip(operator: ODataComparisonOperator): ODataComparisonOperator {
  const flipped: Record<ODataComparisonOperator, ODataComparisonOperator> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
  return flipped[operator];
}

/**
 * Parses the text of a `$filter` (URL-decoded) into an {@link ODataFilter}: comparisons, `and` / `or` /
 * `not`, parentheses, `null`, string, number, boolean, GUID, date and date-time literals, `contains` /
 * `startswith` / `endswith`, and `Microsoft.Dynamics.CRM.*` query functions. Throws a 400
 * `DataverseApiError` (`0x80060888`, "Syntax error at position N in '…'.") for text it cannot parse.
 * @example parseODataFilter("name eq 'Contoso' and revenue gt 1000")
 */
export function parseODataFilter(text: string): ODataFilter {
  if (text.trim() === '') throw queryError(`Syntax error at position 0 in '${text}'.`);
  return new FilterParser(text, tokenize(text)).parse();
}
