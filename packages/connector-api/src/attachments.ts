/** What a record's body is: an attachment (a note's document, an email attachment) or the record's entity image. */
export type AttachmentKind = 'attachment' | 'image';

/**
 * The field a record with an entity image carries, as the connectors expose it (Dataverse's
 * `entityimage_timestamp`): a number that changes whenever the image does, null without an image.
 */
export const ENTITY_IMAGE_TIMESTAMP_FIELD = 'entityimage_timestamp';

/** Which attachment: the body of one record (a note's document, an email attachment), or its entity image. */
export interface AttachmentRef {
  readonly entity: string;
  readonly id: string;
  /** @default 'attachment' */
  readonly kind?: AttachmentKind;
}

/** A byte range, both ends inclusive (as HTTP `Range`); `end` absent means to the end. */
export interface ByteRange {
  readonly start: number;
  readonly end?: number;
}

/** An attachment's bytes as a stream, with what is known about them. */
export interface AttachmentContent {
  readonly fileName: string;
  readonly mimeType: string;
  /** Size of the whole attachment in bytes. */
  readonly size: number;
  /** The range this stream covers, when a range was asked for. */
  readonly range?: { readonly start: number; readonly end: number };
  /**
   * A strong validator of the bytes (an HTTP entity tag, quotes included) when the backend has one: it
   * changes whenever the bytes do. The bridge sends it as `ETag` and checks `If-None-Match` / `If-Range` with it.
   */
  readonly etag?: string;
  /** The bytes; read it once. */
  readonly body: AsyncIterable<Uint8Array>;
}

/** An attachment to write. */
export interface AttachmentUpload {
  readonly fileName: string;
  readonly mimeType: string;
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
  /** Applied once per key, as with write batches. */
  readonly idempotencyKey: string;
}

/** API calls used against the backend's limit (Salesforce DailyApiRequests, Dataverse service protection). */
export interface ApiUsage {
  readonly used: number;
  readonly limit: number;
  /** The window the limit applies to, in ms (a day, five minutes). */
  readonly windowMs: number;
}
