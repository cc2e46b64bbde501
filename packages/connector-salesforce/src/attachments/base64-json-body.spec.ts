import { AttachmentTooLargeError } from '@fieldsync/connector-api';
import { base64JsonBody, type BodyCount } from './base64-json-body';

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const size of sizes) {
    yield bytes.subarray(at, at + size);
    at += size;
  }
  yield bytes.subarray(at);
}

describe('base64JsonBody', () => {
  const bytes = new Uint8Array(1_000).map((_, i) => (i * 7) & 0xff);

  it('writes the fields and the base64 of the bytes as one JSON object, whatever the chunk sizes', async () => {
    for (const sizes of [[], [1], [1, 1, 1, 5], [2, 300, 4], [999]]) {
      const count: BodyCount = { bytes: 0 };
      const json = JSON.parse(await text(base64JsonBody({ Name: 'a "quoted" name.bin' }, 'Body', chunked(bytes, sizes), 10_000, 'x', count)));
      expect(json).toEqual({ Name: 'a "quoted" name.bin', Body: Buffer.from(bytes).toString('base64') });
      expect(count.bytes).toBe(bytes.length);
    }
  });

  it('takes a whole buffer, and an empty one', async () => {
    expect(JSON.parse(await text(base64JsonBody({}, 'VersionData', bytes, 10_000, 'x', { bytes: 0 })))).toEqual({
      VersionData: Buffer.from(bytes).toString('base64'),
    });
    expect(JSON.parse(await text(base64JsonBody({}, 'Body', new Uint8Array(0), 10, 'x', { bytes: 0 })))).toEqual({ Body: '' });
  });

  it('fails the stream with AttachmentTooLargeError once the bytes pass the limit', async () => {
    const count: BodyCount = { bytes: 0 };
    await expect(text(base64JsonBody({}, 'Body', chunked(bytes, [400, 400]), 500, 'rec-1', count))).rejects.toBeInstanceOf(AttachmentTooLargeError);
    expect(count.bytes).toBe(800);
  });
});
