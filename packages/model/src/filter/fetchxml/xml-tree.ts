import { SaxesParser } from 'saxes';
import { FilterTooDeepError } from '../../errors/filter-too-deep-error';
import { InvalidFilterError } from '../../errors/invalid-filter-error';
import { MAX_FILTER_DEPTH } from '../validate/assert-filter-depth';

/** A 1-based line and column in the source text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** An attribute with the position of its name. */
export interface XmlAttribute extends SourcePosition {
  readonly value: string;
}

/** An element read from FetchXML, with its position, XPath-like path and children. */
export interface XmlElement extends SourcePosition {
  readonly name: string;
  /** e.g. `/fetch/entity/filter[1]/condition[2]`. */
  readonly path: string;
  readonly attributes: ReadonlyMap<string, XmlAttribute>;
  readonly children: XmlElement[];
  /** Text content (character data and CDATA), concatenated. */
  text: string;
}

/** Maps offsets in a text to 1-based lines and columns. */
function positionFinder(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * Reads XML into a tree of elements that remember where they and their attributes start.
 * Throws {@link InvalidFilterError} (with line and column) when the text is not well-formed XML or has
 * a DOCTYPE (FetchXML has none; refusing it keeps entity declarations out), and
 * {@link FilterTooDeepError} as soon as elements nest deeper than {@link MAX_FILTER_DEPTH}, while
 * reading, so a deep document never reaches a recursive walk.
 */
export function readXmlTree(text: string): XmlElement {
  const at = positionFinder(text);
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  const siblingCounts: Map<string, number>[] = [new Map()];
  let root: XmlElement | undefined;
  let tagStart = 0;
  let pending: Map<string, XmlAttribute> = new Map();

  const fail = (message: string): never => {
    const path = stack.length > 0 ? stack[stack.length - 1].path : '/';
    throw new InvalidFilterError(`malformed XML: ${message}`, path, parser.line, parser.column);
  };

  parser.on('error', (error) => fail(error.message.replace(/^\d+:\d+: /, '')));
  parser.on('doctype', () => {
    throw new InvalidFilterError('a DOCTYPE is not allowed in FetchXML', '/', parser.line, parser.column);
  });
  parser.on('opentagstart', (tag) => {
    tagStart = Math.max(0, text.lastIndexOf('<', parser.position - 1));
    pending = new Map();
    void tag;
  });
  parser.on('attribute', (attribute) => {
    const segment = text.slice(tagStart, parser.position);
    const pattern = new RegExp(`\\s(${escapeRegExp(attribute.name)})\\s*=`, 'g');
    let offset = tagStart;
    for (let match = pattern.exec(segment); match; match = pattern.exec(segment)) offset = tagStart + match.index + 1;
    pending.set(attribute.name, { value: attribute.value, ...at(offset) });
  });
  parser.on('opentag', (tag) => {
    const counts = siblingCounts[siblingCounts.length - 1];
    const index = (counts.get(tag.name) ?? 0) + 1;
    counts.set(tag.name, index);
    const parentPath = stack.length > 0 ? stack[stack.length - 1].path : '';
    const indexed = tag.name === 'fetch' || tag.name === 'entity' ? tag.name : `${tag.name}[${index}]`;
    if (stack.length >= MAX_FILTER_DEPTH) {
      const where = at(tagStart);
      throw new FilterTooDeepError(MAX_FILTER_DEPTH, `${parentPath}/${indexed}`, where.line, where.column);
    }
    const element: XmlElement = {
      name: tag.name,
      path: `${parentPath}/${indexed}`,
      attributes: pending,
      children: [],
      text: '',
      ...at(tagStart),
    };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else root = element;
    stack.push(element);
    siblingCounts.push(new Map());
  });
  parser.on('closetag', () => {
    stack.pop();
    siblingCounts.pop();
  });
  const addText = (chunk: string) => {
    if (stack.length > 0) stack[stack.length - 1].text += chunk;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  parser.write(text).close();
  if (!root) return fail('the document has no root element');
  return root;
}
