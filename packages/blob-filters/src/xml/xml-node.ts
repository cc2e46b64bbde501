import type { SourcePosition } from '@fieldsync/model';

export type { SourcePosition };

/** An attribute as read, with the position of its name. */
export interface XmlAttributeNode extends SourcePosition {
  readonly name: string;
  readonly value: string;
}

/** An element as read: name, XPath-like path, position, attributes, child elements and text. */
export interface XmlNode extends SourcePosition {
  readonly name: string;
  /** e.g. `/BlobStoreFilter/FilesFilter/Filters/BlobStoreFileTypeFilter[2]`. */
  readonly path: string;
  readonly attributes: readonly XmlAttributeNode[];
  readonly children: XmlNode[];
  /** Character data and CDATA directly inside the element, concatenated. */
  text: string;
}
