/** An attachment body to store on a record. */
export interface PutAttachmentRequest {
  readonly entity: string;
  readonly id: string;
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
  readonly body: AsyncIterable<Uint8Array>;
}

/** Which attachment to read, optionally a byte range (both ends inclusive; `end` absent: to the end). */
export interface ReadAttachmentRequest {
  readonly entity: string;
  readonly id: string;
  readonly range?: { readonly start: number; readonly end?: number };
}
