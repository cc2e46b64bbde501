import { InvalidFilterError } from '../../errors/invalid-filter-error';
import type { FilterCondition, FilterLink, FilterLiteral, FilterNode, SyncFilter } from '../filter-node';
import { operatorToFetchXml } from './fetch-xml-operators';

/** Escapes text for an XML attribute or element, keeping newlines and tabs (which attributes would fold). */
function escapeXml(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function literalText(value: FilterLiteral): string {
  return typeof value === 'string' ? value : String(value);
}

function writeCondition(node: FilterCondition, indent: string): string {
  const head = `${indent}<condition attribute="${escapeXml(node.field)}" operator="${operatorToFetchXml(node.operator)}"`;
  if (node.value === undefined) return `${head} />`;
  if (Array.isArray(node.value)) {
    const values = (node.value as readonly FilterLiteral[]).map((v) => `${indent}  <value>${escapeXml(literalText(v))}</value>`);
    return `${head}>\n${values.join('\n')}\n${indent}</condition>`;
  }
  return `${head} value="${escapeXml(literalText(node.value as FilterLiteral))}" />`;
}

function writeFilterContent(node: FilterNode, indent: string, path: string): string[] {
  if (node.kind === 'condition') return [writeCondition(node, indent)];
  if (node.kind === 'link') throw new InvalidFilterError('FetchXML can only and a link-entity with the top-level filter', path);
  return node.children.flatMap((child, i) => {
    const childPath = `${path}.children[${i}]`;
    return child.kind === 'group' ? [writeFilter(child, indent, childPath)] : writeFilterContent(child, indent, childPath);
  });
}

function writeFilter(node: FilterNode, indent: string, path: string): string {
  const type = node.kind === 'group' ? node.type : 'and';
  const content = writeFilterContent(node, `${indent}  `, path);
  if (content.length === 0) return `${indent}<filter type="${type}" />`;
  return `${indent}<filter type="${type}">\n${content.join('\n')}\n${indent}</filter>`;
}

function writeLink(node: FilterLink, indent: string, path: string): string {
  const name = escapeXml(node.entity);
  return [
    `${indent}<link-entity name="${name}" from="${name}id" to="${escapeXml(node.lookup)}" link-type="inner">`,
    writeFilter(node.filter, `${indent}  `, `${path}.filter`),
    `${indent}</link-entity>`,
  ].join('\n');
}

function writeTopLevel(node: FilterNode, indent: string, path: string): string[] {
  if (node.kind === 'link') return [writeLink(node, indent, path)];
  if (node.kind === 'group' && node.type === 'and' && node.children.some((child) => child.kind === 'link'))
    return node.children.map((child, i) =>
      child.kind === 'link' ? writeLink(child, indent, `${path}.children[${i}]`) : writeFilter(child, indent, `${path}.children[${i}]`),
    );
  return [writeFilter(node, indent, path)];
}

/**
 * Writes a sync filter as FetchXML that {@link parseFetchXml} reads back to the same filter (for the
 * filters it produces: text literals, links and-ed at the top). A condition standing alone is wrapped
 * in an `and` filter; a link's `from` is written as `<entity>id`. Throws {@link InvalidFilterError}
 * for a link that is not and-ed at the top, which FetchXML cannot express.
 */
export function toFetchXml(filter: SyncFilter): string {
  const lines = [`<fetch version="1.0">`, `  <entity name="${escapeXml(filter.entity)}">`];
  if (filter.where) lines.push(...writeTopLevel(filter.where, '    ', 'where'));
  lines.push('  </entity>', '</fetch>');
  return lines.join('\n');
}
