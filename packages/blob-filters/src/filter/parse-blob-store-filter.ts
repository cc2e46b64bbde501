import { InvalidBlobStoreFilterError } from '../errors/invalid-blob-store-filter-error';
import { readXmlNodes } from '../xml/read-xml-nodes';
import type { SourcePosition, XmlNode } from '../xml/xml-node';
import type {
  AttachedToScope,
  AttachmentsFilter,
  BlobStoreFilter,
  EntityAttachmentsRule,
  FilesFilter,
  FileTypeRule,
  Quota,
  SizeLimit,
} from './blob-store-filter';
import { freezeDeep } from './freeze-deep';

/** Elements that repeat among their siblings, so their paths carry an index. */
const REPEATED = new Set(['BlobStoreFileTypeFilter', 'string', 'EntityAttachmentsFilter']);

function fail(message: string, path: string, where: SourcePosition): never {
  throw new InvalidBlobStoreFilterError(message, path, where.line, where.column);
}

/** Refuses attributes other than `allowed` (namespace declarations are always allowed: .NET writes them). */
function checkAttributes(node: XmlNode, allowed: readonly string[] = []): void {
  for (const attribute of node.attributes) {
    if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:') || allowed.includes(attribute.name)) continue;
    const expected = allowed.length > 0 ? `; expected ${allowed.join(' or ')}` : '';
    fail(`unknown attribute '${attribute.name}' on <${node.name}>${expected}`, `${node.path}/@${attribute.name}`, attribute);
  }
}

function noText(node: XmlNode): void {
  if (node.text.trim() !== '') fail(`<${node.name}> may not contain text`, node.path, node);
}

/**
 * The children of `node` by name, each of `allowed` at most once unless listed in `repeatable`;
 * anything else is an unknown element, as is an attribute not in `attributes`.
 */
function childrenOf(node: XmlNode, allowed: readonly string[], repeatable: readonly string[] = [], attributes: readonly string[] = []): Map<string, XmlNode[]> {
  checkAttributes(node, attributes);
  noText(node);
  const found = new Map<string, XmlNode[]>();
  for (const child of node.children) {
    if (!allowed.includes(child.name)) {
      const expected = allowed.length === 1 ? `<${allowed[0]}>` : `one of ${allowed.map((name) => `<${name}>`).join(', ')}`;
      fail(`unknown element <${child.name}> inside <${node.name}>; expected ${expected}`, child.path, child);
    }
    const list = found.get(child.name) ?? [];
    if (list.length > 0 && !repeatable.includes(child.name)) fail(`<${child.name}> is given twice inside <${node.name}>`, child.path, child);
    list.push(child);
    found.set(child.name, list);
  }
  return found;
}

function one(found: Map<string, XmlNode[]>, name: string): XmlNode | undefined {
  return found.get(name)?.[0];
}

/** The text of a leaf element: no attributes, no children, trimmed. */
function leafText(node: XmlNode): string {
  checkAttributes(node);
  if (node.children.length > 0)
    fail(`unknown element <${node.children[0].name}> inside <${node.name}>; it holds text only`, node.children[0].path, node.children[0]);
  return node.text.trim();
}

/** A byte count: `-1` or a whole number from 0 up. */
function bytes(node: XmlNode): number {
  const text = leafText(node);
  if (!/^(?:-1|\d+)$/.test(text)) fail(`<${node.name}> must be a whole number of bytes, or -1 for no limit; got '${text}'`, node.path, node);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) fail(`<${node.name}> is too large: '${text}' is more than ${Number.MAX_SAFE_INTEGER} bytes`, node.path, node);
  return value;
}

function sizeLimit(node: XmlNode | undefined): SizeLimit {
  if (!node) return 'unlimited';
  const value = bytes(node);
  return value === -1 ? 'unlimited' : value === 0 ? 'blocked' : value;
}

function quota(node: XmlNode | undefined): Quota {
  if (!node) return 'unlimited';
  const value = bytes(node);
  return value === -1 ? 'unlimited' : value;
}

/** An entity logical name: lower-cased, letters, digits and `_` only. */
function entityName(text: string, what: string, path: string, where: SourcePosition): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) fail(`${what} must be an entity name (letters, digits and _), got '${text}'`, path, where);
  return text.toLowerCase();
}

function parseFileTypes(node: XmlNode | undefined): FileTypeRule[] {
  if (!node) return [];
  const found = childrenOf(node, ['BlobStoreFileTypeFilter'], ['BlobStoreFileTypeFilter']);
  const seen = new Map<string, string>();
  return (found.get('BlobStoreFileTypeFilter') ?? []).map((rule): FileTypeRule => {
    const parts = childrenOf(rule, ['FileSuffix', 'MaxFileSize']);
    const suffixNode = one(parts, 'FileSuffix');
    const maxNode = one(parts, 'MaxFileSize');
    if (!suffixNode) fail('<BlobStoreFileTypeFilter> needs a <FileSuffix>', rule.path, rule);
    if (!maxNode) fail('<BlobStoreFileTypeFilter> needs a <MaxFileSize> (0 blocks the suffix, -1 lifts the limit)', rule.path, rule);
    const written = leafText(suffixNode);
    if (written !== '*' && !/^[A-Za-z0-9_+~-]+(?:\.[A-Za-z0-9_+~-]+)*$/.test(written)) {
      const hint = written.startsWith('.') ? `; write '${written.slice(1)}', without the dot` : '';
      fail(`<FileSuffix> must be a file suffix such as 'jpg', or '*' for every other suffix; got '${written}'${hint}`, suffixNode.path, suffixNode);
    }
    const suffix = written.toLowerCase();
    const first = seen.get(suffix);
    if (first !== undefined) fail(`suffix '${written}' has two rules (also ${first})`, suffixNode.path, suffixNode);
    seen.set(suffix, rule.path);
    return { suffix, maxFileSize: sizeLimit(maxNode), path: rule.path };
  });
}

function parseFilesFilter(node: XmlNode | undefined, rootPath: string): FilesFilter {
  if (!node) return { quota: 'unlimited', maxFileSize: 'unlimited', fileTypes: [], path: rootPath };
  const found = childrenOf(node, ['Quota', 'MaxFileSize', 'Filters']);
  return {
    quota: quota(one(found, 'Quota')),
    maxFileSize: sizeLimit(one(found, 'MaxFileSize')),
    fileTypes: parseFileTypes(one(found, 'Filters')),
    path: node.path,
  };
}

function parseEntityList(node: XmlNode): string[] {
  const found = childrenOf(node, ['string'], ['string']);
  const seen = new Map<string, string>();
  return (found.get('string') ?? []).map((item) => {
    const name = entityName(leafText(item), '<string>', item.path, item);
    const first = seen.get(name);
    if (first !== undefined) fail(`entity '${name}' is listed twice (also ${first})`, item.path, item);
    seen.set(name, item.path);
    return name;
  });
}

function parseAttachedToScope(found: Map<string, XmlNode[]>): AttachedToScope {
  const except = one(found, 'NotSyncingAttachmentsFor');
  const only = one(found, 'OnlySyncingAttachmentsFor');
  if (except && only) {
    const second = except.line > only.line || (except.line === only.line && except.column > only.column) ? except : only;
    fail('<NotSyncingAttachmentsFor> and <OnlySyncingAttachmentsFor> contradict each other: give one of them', second.path, second);
  }
  if (except) return { kind: 'except', entities: parseEntityList(except), path: except.path };
  if (only) return { kind: 'only', entities: parseEntityList(only), path: only.path };
  return { kind: 'all' };
}

function attribute(node: XmlNode, name: string): { value: string; where: SourcePosition } | undefined {
  const found = node.attributes.find((candidate) => candidate.name === name);
  return found ? { value: found.value, where: found } : undefined;
}

function parseEntityRule(node: XmlNode, scope: AttachedToScope): EntityAttachmentsRule {
  const found = childrenOf(node, ['Quota', 'MaxFileSize', 'Filters'], [], ['Name', 'AttachedTo']);
  const nameAttribute = attribute(node, 'Name');
  if (!nameAttribute) fail("<EntityAttachmentsFilter> is missing attribute 'Name' (the attachment entity, e.g. annotation)", `${node.path}/@Name`, node);
  const name = entityName(nameAttribute.value, "attribute 'Name'", `${node.path}/@Name`, nameAttribute.where);
  const attachedToAttribute = attribute(node, 'AttachedTo');
  let attachedTo: string | undefined;
  if (attachedToAttribute) {
    const path = `${node.path}/@AttachedTo`;
    attachedTo = entityName(attachedToAttribute.value, "attribute 'AttachedTo'", path, attachedToAttribute.where);
    if (scope.kind === 'except' && scope.entities.includes(attachedTo)) {
      fail(`attachments of '${attachedTo}' are never synchronised (${scope.path} lists it), so this rule can never apply`, path, attachedToAttribute.where);
    }
    if (scope.kind === 'only' && !scope.entities.includes(attachedTo)) {
      fail(
        `attachments of '${attachedTo}' are never synchronised (${scope.path} does not list it), so this rule can never apply`,
        path,
        attachedToAttribute.where,
      );
    }
  }
  return {
    name,
    ...(attachedTo !== undefined ? { attachedTo } : {}),
    quota: quota(one(found, 'Quota')),
    maxFileSize: sizeLimit(one(found, 'MaxFileSize')),
    fileTypes: parseFileTypes(one(found, 'Filters')),
    path: node.path,
  };
}

function parseAttachmentsFilter(node: XmlNode | undefined, rootPath: string): AttachmentsFilter {
  if (!node) return { maxAttachmentSize: 'unlimited', attachedTo: { kind: 'all' }, entityRules: [], path: rootPath };
  const found = childrenOf(node, ['MaxAttachmentSize', 'NotSyncingAttachmentsFor', 'OnlySyncingAttachmentsFor', 'EntityFilters']);
  const attachedTo = parseAttachedToScope(found);
  const entityRules: EntityAttachmentsRule[] = [];
  const listNode = one(found, 'EntityFilters');
  if (listNode) {
    const rules = childrenOf(listNode, ['EntityAttachmentsFilter'], ['EntityAttachmentsFilter']).get('EntityAttachmentsFilter') ?? [];
    const seen = new Map<string, string>();
    for (const ruleNode of rules) {
      const rule = parseEntityRule(ruleNode, attachedTo);
      const key = `${rule.name}@${rule.attachedTo ?? ''}`;
      const first = seen.get(key);
      const what = rule.attachedTo !== undefined ? `'${rule.name}' attached to '${rule.attachedTo}'` : `'${rule.name}' (attached to anything)`;
      if (first !== undefined) fail(`attachments of ${what} have two rules (also ${first})`, ruleNode.path, ruleNode);
      seen.set(key, ruleNode.path);
      entityRules.push(rule);
    }
  }
  return { maxAttachmentSize: sizeLimit(one(found, 'MaxAttachmentSize')), attachedTo, entityRules, path: node.path };
}

/**
 * Parses and validates BlobStoreFilter XML (Resco's language: `<FilesFilter>` with `Quota`,
 * `MaxFileSize` and per-suffix `<BlobStoreFileTypeFilter>` rules, `<AttachmentsFilter>` with
 * `MaxAttachmentSize`, `NotSyncingAttachmentsFor` or `OnlySyncingAttachmentsFor`, and per-entity
 * `<EntityAttachmentsFilter Name AttachedTo>` rules) into a frozen {@link BlobStoreFilter}. Sizes:
 * `-1` no limit, `0` blocked. Throws {@link InvalidBlobStoreFilterError} with the path, line and
 * column of the first problem: malformed XML, a DOCTYPE, an unknown element or attribute, a bad
 * number, a duplicate or contradictory rule.
 * @example parseBlobStoreFilter('<BlobStoreFilter><FilesFilter><Quota>3000000000</Quota></FilesFilter></BlobStoreFilter>')
 */
export function parseBlobStoreFilter(text: string): BlobStoreFilter {
  const root = readXmlNodes(text, REPEATED);
  if (root.name !== 'BlobStoreFilter') fail(`the root element must be <BlobStoreFilter>, got <${root.name}>`, root.path, root);
  const found = childrenOf(root, ['FilesFilter', 'AttachmentsFilter']);
  return freezeDeep({
    files: parseFilesFilter(one(found, 'FilesFilter'), root.path),
    attachments: parseAttachmentsFilter(one(found, 'AttachmentsFilter'), root.path),
  });
}
