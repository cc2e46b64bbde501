import { randomUUID } from 'node:crypto';
import { RangeNotSatisfiableError, type AttachmentContent, type CrmConnector } from '@fieldsync/connector-api';
import { createConformanceRecordGenerator } from '../conformance-record-generator';
import type { ConformanceContext } from './conformance-context';

async function bytesOf(content: AttachmentContent): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of content.body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** 64 KiB of deterministic bytes, so a range can be compared exactly. */
function sampleBytes(): Uint8Array {
  const bytes = new Uint8Array(64 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

/** `bytes` as an AsyncIterable of uneven pieces (7 KiB, not a divisor of any chunk size), as a file read from disk arrives. */
async function* piecesOf(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 7 * 1024) yield bytes.slice(at, at + 7 * 1024);
}

/** Attachments: write, read whole, read a byte range, write from a stream. */
export function registerAttachmentChecks(ctx: ConformanceContext): void {
  async function noteWithAttachment(): Promise<{ connector: Required<CrmConnector>; id: string; bytes: Uint8Array }> {
    const [id] = await ctx.control().seed('annotation', createConformanceRecordGenerator(71).notes(1));
    const connector = (await ctx.connect('alice')) as Required<CrmConnector>;
    const bytes = sampleBytes();
    const written = await connector.writeAttachment(
      { entity: 'annotation', id },
      { fileName: 'sample.bin', mimeType: 'application/octet-stream', body: bytes, idempotencyKey: randomUUID() },
    );
    expect(written.size).toBe(bytes.length);
    expect(typeof written.version).toBe('string');
    return { connector, id, bytes };
  }

  ctx.check(
    'writes an attachment and reads it back whole',
    async () => {
      const { connector, id, bytes } = await noteWithAttachment();
      const content = await connector.readAttachment({ entity: 'annotation', id });
      expect({ fileName: content.fileName, mimeType: content.mimeType, size: content.size }).toEqual({
        fileName: 'sample.bin',
        mimeType: 'application/octet-stream',
        size: bytes.length,
      });
      expect((await bytesOf(content)).equals(Buffer.from(bytes))).toBe(true);
    },
    { requires: 'attachments' },
  );

  ctx.check(
    'writes an attachment streamed from an AsyncIterable and reads it back whole',
    async () => {
      const [id] = await ctx.control().seed('annotation', createConformanceRecordGenerator(72).notes(1));
      const connector = (await ctx.connect('alice')) as Required<CrmConnector>;
      const bytes = sampleBytes();
      const written = await connector.writeAttachment(
        { entity: 'annotation', id },
        { fileName: 'streamed.bin', mimeType: 'application/octet-stream', body: piecesOf(bytes), idempotencyKey: randomUUID() },
      );
      expect(written.size).toBe(bytes.length);
      const content = await connector.readAttachment({ entity: 'annotation', id });
      expect({ fileName: content.fileName, size: content.size }).toEqual({ fileName: 'streamed.bin', size: bytes.length });
      expect((await bytesOf(content)).equals(Buffer.from(bytes))).toBe(true);
    },
    { requires: 'attachments' },
  );

  ctx.check(
    'reads a byte range of an attachment, closed and open-ended',
    async () => {
      const { connector, id, bytes } = await noteWithAttachment();
      const middle = await connector.readAttachment({ entity: 'annotation', id }, { start: 1_000, end: 4_999 });
      expect(middle.size).toBe(bytes.length);
      expect(middle.range).toEqual({ start: 1_000, end: 4_999 });
      expect((await bytesOf(middle)).equals(Buffer.from(bytes.subarray(1_000, 5_000)))).toBe(true);
      const tail = await connector.readAttachment({ entity: 'annotation', id }, { start: bytes.length - 10 });
      expect(tail.range).toEqual({ start: bytes.length - 10, end: bytes.length - 1 });
      expect((await bytesOf(tail)).equals(Buffer.from(bytes.subarray(bytes.length - 10)))).toBe(true);
    },
    { requires: 'attachmentRanges' },
  );

  ctx.check(
    'refuses a range that starts past the end with RangeNotSatisfiableError (a 416)',
    async () => {
      const { connector, id, bytes } = await noteWithAttachment();
      const refusal = await connector.readAttachment({ entity: 'annotation', id }, { start: bytes.length }).then(
        async (content) => {
          await bytesOf(content);
          return undefined;
        },
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(RangeNotSatisfiableError);
      expect(refusal).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
      // The size, when the backend says it, is the attachment's.
      const size = (refusal as RangeNotSatisfiableError).size;
      expect(size === -1 || size === bytes.length).toBe(true);
    },
    { requires: 'attachmentRanges' },
  );
}
