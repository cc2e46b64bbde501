import { SaxesParser } from 'saxes';
import { attributeNameOffset, sourcePositionFinder, type SourcePosition } from '../../text/source-position';
import { FilterTooDeepError } from '../../errors/filter-too-deep-error';
import { InvalidFilterError } from '../../errors/invalid-filter-error';
import { MAX_FILTER_DEPTH } from '../validate/assert-filter-depth';

export type { SourcePosition };

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

/**
 * Reads XML into a tree of elements that remember where they and their attributes start.
 * Throws {@link InvalidFilterError} (with line and column) when the text is not well-formed XML or has
 * a DOCTYPE (FetchXML has none; refusing it keeps entity declarations out), and
 * {@link FilterTooDeepError} as soon as elements nest deeper than {@link MAX_FILTER_DEPTH}, while
 * reading, so a deep document never reaches a recursive walk.
 */
export function readXmlTree(text: string): XmlElement {
  const at = sourcePositionFinder(text);
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
    const offset = tagStart + attributeNameOffset(text.slice(tagStart, parser.position), attribute.name);
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
