import { SaxesParser } from 'saxes';
import { attributeNameOffset, sourcePositionFinder } from '@fieldsync/model';
import { InvalidBlobStoreFilterError } from '../errors/invalid-blob-store-filter-error';
import type { SourcePosition, XmlAttributeNode, XmlNode } from './xml-node';

/** How deep a BlobStoreFilter may nest; the language itself needs 6 levels. */
export const MAX_BLOB_FILTER_DEPTH = 16;

/**
 * Reads BlobStoreFilter XML with saxes into elements that remember where they and their attributes
 * start. Elements named in `indexed` get a 1-based sibling index in their path (`string[2]`).
 * Throws {@link InvalidBlobStoreFilterError} with line and column when the text is not well-formed,
 * has a DOCTYPE (entity declarations are refused outright), or nests deeper than
 * {@link MAX_BLOB_FILTER_DEPTH} (checked while reading, so no deep document reaches a walk).
 */
export function readXmlNodes(text: string, indexed: ReadonlySet<string>): XmlNode {
  const at = sourcePositionFinder(text);
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  const siblingCounts: Map<string, number>[] = [new Map()];
  let root: XmlNode | undefined;
  let tagStart = 0;
  let pending: XmlAttributeNode[] = [];

  const fail = (message: string, where: SourcePosition = { line: parser.line, column: parser.column }): never => {
    const path = stack.length > 0 ? stack[stack.length - 1].path : '/';
    throw new InvalidBlobStoreFilterError(message, path, where.line, where.column);
  };

  parser.on('error', (error) => fail(`malformed XML: ${error.message.replace(/^\d+:\d+: /, '')}`));
  parser.on('doctype', () => fail('a DOCTYPE is not allowed in a BlobStoreFilter'));
  parser.on('opentagstart', () => {
    tagStart = Math.max(0, text.lastIndexOf('<', parser.position - 1));
    pending = [];
  });
  parser.on('attribute', (attribute) => {
    const offset = tagStart + attributeNameOffset(text.slice(tagStart, parser.position), attribute.name);
    pending.push({ name: attribute.name, value: attribute.value, ...at(offset) });
  });
  parser.on('opentag', (tag) => {
    const counts = siblingCounts[siblingCounts.length - 1];
    const index = (counts.get(tag.name) ?? 0) + 1;
    counts.set(tag.name, index);
    const parentPath = stack.length > 0 ? stack[stack.length - 1].path : '';
    const path = `${parentPath}/${indexed.has(tag.name) ? `${tag.name}[${index}]` : tag.name}`;
    const where = at(tagStart);
    if (stack.length >= MAX_BLOB_FILTER_DEPTH) {
      throw new InvalidBlobStoreFilterError(`elements nest deeper than ${MAX_BLOB_FILTER_DEPTH} levels`, path, where.line, where.column);
    }
    const node: XmlNode = { name: tag.name, path, attributes: pending, children: [], text: '', ...where };
    if (stack.length > 0) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
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
  if (!root) return fail('malformed XML: the document has no root element');
  return root;
}
