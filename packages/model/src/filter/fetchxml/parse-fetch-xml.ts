import { InvalidFilterError } from '../../errors/invalid-filter-error';
import type { FilterCondition, FilterGroup, FilterLink, FilterLiteral, FilterNode, SyncFilter } from '../filter-node';
import { daysOf } from '../operands/relative-day-range';
import { DAYS_OPERATORS, LIST_OPERATORS, NO_VALUE_OPERATORS } from '../operands/operator-arity';
import { operatorFromFetchXml } from './fetch-xml-operators';
import { readXmlTree, type SourcePosition, type XmlElement } from './xml-tree';

/** Elements that may appear in an `<entity>` or `<link-entity>` and do not affect the filter. */
const IGNORED = new Set(['attribute', 'all-attributes', 'order']);

function fail(message: string, path: string, where: SourcePosition): never {
  throw new InvalidFilterError(message, path, where.line, where.column);
}

function required(element: XmlElement, name: string): string {
  const attribute = element.attributes.get(name);
  if (attribute === undefined) fail(`<${element.name}> is missing attribute '${name}'`, `${element.path}/@${name}`, element);
  return attribute.value;
}

function unknownElement(child: XmlElement, parent: XmlElement): never {
  fail(`unknown element <${child.name}> inside <${parent.name}>`, child.path, child);
}

function noText(element: XmlElement): void {
  if (element.text.trim() !== '') fail(`<${element.name}> may not contain text`, element.path, element);
}

function parseCondition(element: XmlElement): FilterCondition {
  noText(element);
  const field = required(element, 'attribute');
  const operatorName = required(element, 'operator');
  const operator = operatorFromFetchXml(operatorName);
  if (!operator) fail(`unknown operator '${operatorName}'`, `${element.path}/@operator`, element.attributes.get('operator') ?? element);
  const entityName = element.attributes.get('entityname');
  if (entityName) fail("conditions on another entity ('entityname') are not supported; use a link-entity", `${element.path}/@entityname`, entityName);

  const values: { text: string; path: string; where: SourcePosition }[] = [];
  const valueAttribute = element.attributes.get('value');
  if (valueAttribute) values.push({ text: valueAttribute.value, path: `${element.path}/@value`, where: valueAttribute });
  const valueElements = element.children.filter((child) => {
    if (child.name !== 'value') unknownElement(child, element);
    return true;
  });
  if (valueAttribute && valueElements.length > 0)
    fail("a condition has either a 'value' attribute or <value> elements, not both", `${element.path}/@value`, valueAttribute);
  for (const child of valueElements) {
    if (child.children.length > 0) unknownElement(child.children[0], child);
    values.push({ text: child.text, path: child.path, where: child });
  }

  if (NO_VALUE_OPERATORS.includes(operator)) {
    if (values.length > 0) fail(`operator '${operatorName}' takes no value`, values[0].path, values[0].where);
    return { kind: 'condition', field, operator };
  }
  if (values.length === 0) fail(`operator '${operatorName}' needs a value`, `${element.path}/@value`, element);
  if (LIST_OPERATORS.includes(operator)) {
    if (valueAttribute) fail(`operator '${operatorName}' takes <value> elements, not a 'value' attribute`, values[0].path, valueAttribute);
    return { kind: 'condition', field, operator, value: values.map((v): FilterLiteral => v.text) };
  }
  if (values.length > 1) fail(`operator '${operatorName}' takes one value, got ${values.length}`, values[1].path, values[1].where);
  const [only] = values;
  if (DAYS_OPERATORS.includes(operator)) {
    const days = daysOf(only.text);
    if (Number.isNaN(days) || !Number.isSafeInteger(days))
      fail(`operator '${operatorName}' needs a whole number of days (0 or more), got '${only.text}'`, only.path, only.where);
    return { kind: 'condition', field, operator, value: days };
  }
  return { kind: 'condition', field, operator, value: only.text };
}

function parseFilter(element: XmlElement): FilterGroup {
  noText(element);
  const typeAttribute = element.attributes.get('type');
  const type = typeAttribute?.value ?? 'and';
  if (type !== 'and' && type !== 'or') fail(`filter type must be 'and' or 'or', got '${type}'`, `${element.path}/@type`, typeAttribute ?? element);
  const children = element.children.map((child): FilterNode => {
    if (child.name === 'condition') return parseCondition(child);
    if (child.name === 'filter') return parseFilter(child);
    return unknownElement(child, element);
  });
  return { kind: 'group', type, children };
}

function parseLink(element: XmlElement): FilterLink {
  noText(element);
  const entity = required(element, 'name');
  required(element, 'from');
  const lookup = required(element, 'to');
  const linkType = element.attributes.get('link-type');
  if (linkType && linkType.value !== 'inner')
    fail(`link-type '${linkType.value}' is not supported; a sync filter link is 'inner'`, `${element.path}/@link-type`, linkType);
  const filters: FilterGroup[] = [];
  for (const child of element.children) {
    if (child.name === 'filter') filters.push(parseFilter(child));
    else if (child.name === 'link-entity') fail('link-entity may only be nested one level deep', child.path, child);
    else if (!IGNORED.has(child.name)) unknownElement(child, element);
  }
  const filter: FilterNode = filters.length === 1 ? filters[0] : { kind: 'group', type: 'and', children: filters };
  return { kind: 'link', lookup, entity, filter };
}

function parseEntity(element: XmlElement): SyncFilter {
  noText(element);
  const entity = required(element, 'name');
  const nodes: FilterNode[] = [];
  for (const child of element.children) {
    if (child.name === 'filter') nodes.push(parseFilter(child));
    else if (child.name === 'link-entity') nodes.push(parseLink(child));
    else if (!IGNORED.has(child.name)) unknownElement(child, element);
  }
  if (nodes.length === 0) return { entity };
  return { entity, where: nodes.length === 1 ? nodes[0] : { kind: 'group', type: 'and', children: nodes } };
}

/**
 * Parses a FetchXML sync filter (`<fetch><entity name="…"><filter>…</filter></entity></fetch>`, with
 * `<link-entity>` one level deep) into a {@link SyncFilter}. Values stay text (x-days values become
 * numbers); several filters or links under `<entity>` are and-ed. Throws {@link InvalidFilterError}
 * with the XPath-like path, line and column of the offending element or attribute.
 * @example parseFetchXml('<fetch><entity name="account"><filter><condition attribute="statuscode" operator="ne" value="2"/></filter></entity></fetch>')
 */
export function parseFetchXml(text: string): SyncFilter {
  const root = readXmlTree(text);
  if (root.name !== 'fetch') fail(`the root element must be <fetch>, got <${root.name}>`, root.path, root);
  noText(root);
  const entities = root.children.filter((child) => {
    if (child.name !== 'entity') unknownElement(child, root);
    return true;
  });
  if (entities.length === 0) fail('<fetch> needs one <entity> element', root.path, root);
  if (entities.length > 1) fail('<fetch> may hold only one <entity> element', entities[1].path, entities[1]);
  return parseEntity(entities[0]);
}
