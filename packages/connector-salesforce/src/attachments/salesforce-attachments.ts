import {
  AttachmentTooLargeError,
  ContractViolationError,
  UnsupportedCapabilityError,
  type AttachmentContent,
  type AttachmentRef,
  type AttachmentUpload,
  type ByteRange,
  RangeNotSatisfiableError,
} from '@fieldsync/connector-api';
import { SalesforceApiError } from '../errors/salesforce-api-error';
import type { RawSalesforceRequest } from '../connector/salesforce-client';
import type { SalesforceErrorContext } from '../errors/map-salesforce-error';
import { canonicalInstant } from '../schema/convert-record';
import type { SObjectMapping } from '../schema/sobject-mapping';
import { soqlId } from '../soql/soql-literals';
import { base64JsonBody, type BodyCount } from './base64-json-body';

/** What {@link SalesforceAttachments} needs from the connector. */
export interface SalesforceAttachmentsDeps {
  readonly mapping: (entity: string) => Promise<SObjectMapping>;
  /** The client's streaming call, with its session and retry rules. */
  readonly fetch: (request: RawSalesforceRequest, context: SalesforceErrorContext, idempotent?: boolean) => Promise<Response>;
  /** One record's fields by SOQL, or undefined when no record matches. */
  readonly queryOne: (soql: string, context: SalesforceErrorContext) => Promise<Readonly<Record<string, unknown>> | undefined>;
  /** Largest body written, in bytes. */
  readonly maxAttachmentBytes: number;
}

/** The model fields that describe a file, when the entity has them (Attachment: Name / ContentType / BodyLength via config). */
const FILE_NAME = 'filename';
const MIME_TYPE = 'mimetype';

/** Parses `Content-Range: bytes a-b/total`. */
function contentRange(value: string | null): { start: number; end: number; total: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value?.trim() ?? '');
  return match ? { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) } : undefined;
}

/** The bytes `start..end` (inclusive) of a stream that starts at byte 0: for an org that ignores `Range`. */
async function* slice(body: AsyncIterable<Uint8Array>, start: number, end: number): AsyncGenerator<Uint8Array> {
  let at = 0;
  for await (const chunk of body) {
    const from = Math.max(start - at, 0);
    const to = Math.min(end + 1 - at, chunk.length);
    if (to > from) yield chunk.subarray(from, to);
    at += chunk.length;
    if (at > end) return;
  }
}

/**
 * Attachments on Salesforce: a record's base64 field (`Body` of Attachment, `VersionData` of
 * ContentVersion, found by describe) streamed from `GET /sobjects/{type}/{id}/{field}` with `Range`
 * (sliced here when the org answers the whole body), and written with a single-record `PATCH` whose
 * JSON body is base64-encoded as it is sent. The file name and type travel in the entity's
 * `filename` / `mimetype` fields when it has them (map them in config: `Name`, `ContentType`).
 */
export class SalesforceAttachments {
  constructor(private readonly deps: SalesforceAttachmentsDeps) {}

  async read(ref: AttachmentRef, range?: ByteRange): Promise<AttachmentContent> {
    const context = { operation: 'readAttachment', entity: ref.entity };
    const { mapping, bodyField } = await this.#withBody(ref.entity);
    const named = [FILE_NAME, MIME_TYPE].flatMap((name) => {
      const field = mapping.fields.get(name);
      return field?.readable ? [[name, field.apiName] as const] : [];
    });
    const record =
      named.length > 0
        ? await this.deps.queryOne(`SELECT ${named.map(([, api]) => api).join(', ')} FROM ${mapping.sObject} WHERE Id = ${soqlId(ref.id)}`, context)
        : undefined;
    const text = (name: string): string | undefined => {
      const api = named.find(([model]) => model === name)?.[1];
      const value = api ? record?.[api] : undefined;
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const headers: Record<string, string> = range ? { range: `bytes=${range.start}-${range.end ?? ''}` } : {};
    let response;
    try {
      response = await this.deps.fetch({ method: 'GET', url: `/sobjects/${mapping.sObject}/${encodeURIComponent(ref.id)}/${bodyField}`, headers }, context);
    } catch (error) {
      // Salesforce answers a range past the end with 416; its size is not in the answer.
      if (range && error instanceof SalesforceApiError && error.status === 416)
        throw new RangeNotSatisfiableError(
          -1,
          `readAttachment ${mapping.sObject} '${ref.id}': the range ${range.start}-${range.end ?? ''} lies beyond the body`,
        );
      throw error;
    }
    const where = `${mapping.sObject}/${ref.id}/${bodyField}`;
    if (!response.body) throw new ContractViolationError('the answer has no body', where);
    const partial = response.status === 206 ? contentRange(response.headers.get('content-range')) : undefined;
    if (response.status === 206 && !partial) throw new ContractViolationError('a 206 answer without a readable Content-Range', where);
    const length = Number(response.headers.get('content-length') ?? NaN);
    const size = partial?.total ?? length;
    if (!Number.isInteger(size) || size < 0) throw new ContractViolationError('the answer has no Content-Length', where);
    const base = {
      fileName: text(FILE_NAME) ?? ref.id,
      mimeType: text(MIME_TYPE) ?? response.headers.get('content-type') ?? 'application/octet-stream',
      size,
    };
    const stream = response.body as unknown as AsyncIterable<Uint8Array>;
    if (!range) return { ...base, body: stream };
    if (partial) return { ...base, range: { start: partial.start, end: partial.end }, body: stream };
    const end = Math.min(range.end ?? size - 1, size - 1);
    return { ...base, range: { start: range.start, end }, body: slice(stream, range.start, end) };
  }

  async write(ref: AttachmentRef, upload: AttachmentUpload): Promise<{ readonly size: number; readonly version: string }> {
    const context = { operation: 'writeAttachment', entity: ref.entity };
    const { mapping, bodyField } = await this.#withBody(ref.entity);
    const limit = this.deps.maxAttachmentBytes;
    if (upload.body instanceof Uint8Array && upload.body.length > limit) throw new AttachmentTooLargeError(ref.id, upload.body.length, limit);
    const fields: Record<string, string> = {};
    for (const [name, value] of [
      [FILE_NAME, upload.fileName],
      [MIME_TYPE, upload.mimeType],
    ] as const) {
      const field = mapping.fields.get(name);
      if (field?.updateable) fields[field.apiName] = value;
    }
    let count: BodyCount = { bytes: 0 };
    const body = () => {
      count = { bytes: 0 };
      return base64JsonBody(fields, bodyField, upload.body, limit, ref.id, count);
    };
    try {
      // A buffer can be sent again after a refused session; a one-shot stream cannot.
      await this.deps.fetch(
        { method: 'PATCH', url: `/sobjects/${mapping.sObject}/${encodeURIComponent(ref.id)}`, headers: { 'content-type': 'application/json' }, body },
        context,
        upload.body instanceof Uint8Array,
      );
    } catch (error) {
      if (count.bytes > limit) throw new AttachmentTooLargeError(ref.id, count.bytes, limit);
      throw error;
    }
    const after = await this.deps.queryOne(`SELECT SystemModstamp FROM ${mapping.sObject} WHERE Id = ${soqlId(ref.id)}`, context);
    const version = after?.SystemModstamp;
    if (typeof version !== 'string') throw new ContractViolationError('the written record has no SystemModstamp', `${mapping.sObject}/${ref.id}`);
    return { size: count.bytes, version: canonicalInstant(version) };
  }

  async #withBody(entity: string): Promise<{ mapping: SObjectMapping; bodyField: string }> {
    const mapping = await this.deps.mapping(entity);
    if (!mapping.bodyField) throw new UnsupportedCapabilityError(`attachments on ${entity} (${mapping.sObject} has no base64 field)`);
    return { mapping, bodyField: mapping.bodyField };
  }
}
