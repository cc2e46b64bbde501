/** What kind of content a blob is: a document from a document store, a record attachment, or an entity image. */
export type BlobKind = 'file' | 'attachment' | 'image';

/** The kinds `decide` accepts. */
export const BLOB_KINDS: readonly BlobKind[] = ['file', 'attachment', 'image'];

/** One file a device could download, as `decide` needs to see it. */
export interface BlobRequest {
  readonly kind: BlobKind;
  /**
   * For an attachment, the attachment entity (`annotation`, `activitymimeattachment`); for an image,
   * the entity whose record has it; for a file, the entity of the record whose folder holds it.
   */
  readonly entity: string;
  /** Identifies the blob within its entity (the record id, or the document's id); with `kind` and `entity` it is the ledger key. */
  readonly id: string;
  /** For an attachment, the entity of the record it is attached to (`objectidTarget`), when known. */
  readonly attachedTo?: string;
  /** The file name; its suffix (after the last dot) selects the suffix rule. */
  readonly fileName: string;
  /** Size in bytes. */
  readonly size: number;
}

/** The ledger key of a request: `attachment:annotation/<id>`. */
export function blobKey(request: Pick<BlobRequest, 'kind' | 'entity' | 'id'>): string {
  return `${request.kind}:${request.entity.toLowerCase()}/${request.id}`;
}
