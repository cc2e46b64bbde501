/** Which attachment: the body of one record (a note's document, an email attachment). */
export interface AttachmentRef {
  readonly entity: string;
  readonly id: string;
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
