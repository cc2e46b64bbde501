/** A record's body: its attachment (a note's document) or its entity image. */
export type StoredBodyKind = 'attachment' | 'image';

/** The field that dates a record's entity image (as Dataverse's): set on every image write. */
export const ENTITY_IMAGE_FIELD = 'entityimage_timestamp';

/** An attachment body to store on a record. */
export interface PutAttachmentRequest {
  readonly entity: string;
  readonly id: string;
  /** `image`: the record's entity image (its entity has {@link ENTITY_IMAGE_FIELD}). @default 'attachment' */
  readonly kind?: StoredBodyKind;
  readonly fileName: string;
  readonly mimeType: string;
  readonly body: Uint8Array;
  readonly idempotencyKey: string;
}

/** A stored attachment, streamed in chunks. */
export interface StoredAttachment {
  readonly fileName: string;
  readonly mimeType: string;
  /** Size of the whole body in bytes. */
  readonly size: number;
  /** The inclusive range streamed, when one was asked for. */
  readonly range?: { readonly start: number; readonly end: number };
  /** An entity tag of the bytes: the record's version (every body write gives the record a new one) and the size. */
  readonly etag: string;
  readonly body: AsyncIterable<Uint8Array>;
}

/** Which attachment to read, optionally a byte range (both ends inclusive; `end` absent: to the end). */
export interface ReadAttachmentRequest {
  readonly entity: string;
  readonly id: string;
  /** @default 'attachment' */
  readonly kind?: StoredBodyKind;
  readonly range?: { readonly start: number; readonly end?: number };
}
