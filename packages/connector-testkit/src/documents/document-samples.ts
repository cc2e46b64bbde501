import type { DocumentRecord } from '@fieldsync/connector-api';

/** The record most checks use: an account with characters a folder name must not carry. */
export const SAMPLE_RECORD: DocumentRecord = { entity: 'account', id: '5c1f0a52-7d3e-4b8a-9c11-0a2b3c4d5e6f', name: 'Contoso: North/East' };

/** Another record, whose files must never show up in the sample record's folder. */
export const OTHER_RECORD: DocumentRecord = { entity: 'account', id: '0b8e2f31-1c2d-4e5f-8a9b-112233445566', name: 'Fabrikam' };

/** `size` deterministic bytes (not all zero, so that a misplaced range shows). */
export function sampleBytes(size: number, seed = 7): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 17 + (i >> 8)) & 0xff;
  return bytes;
}

/** Reads a whole stream into one Buffer. */
export async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** A stream of `bytes` in pieces of `piece` bytes (sizes that are not multiples of anything useful). */
export async function* piecesOf(bytes: Buffer, piece = 100_003): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, Math.min(at + piece, bytes.length));
}
