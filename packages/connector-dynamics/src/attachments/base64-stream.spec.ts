import { randomBytes } from 'node:crypto';
import { decodeBase64Stream, encodeBase64Stream, jsonStringProperty, sliceBytes } from './base64-stream';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

async function* chunked(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

describe('base64 streams', () => {
  const bytes = randomBytes(10_007);

  it.each([1, 2, 3, 7, 1000, 20_000])('encodes chunks of %i bytes to the same text as a whole encode', async (size) => {
    expect((await collect(encodeBase64Stream(chunked(bytes, size)))).join('')).toBe(bytes.toString('base64'));
  });

  it.each([1, 3, 5, 4096])('decodes text chunks of %i characters back to the bytes', async (size) => {
    const text = bytes.toString('base64');
    async function* pieces(): AsyncIterable<string> {
      for (let offset = 0; offset < text.length; offset += size) yield text.slice(offset, offset + size);
    }
    expect(Buffer.concat(await collect(decodeBase64Stream(pieces())))).toEqual(bytes);
  });

  it('stops when the byte counter throws (a size limit)', async () => {
    const run = collect(
      encodeBase64Stream(chunked(bytes, 1000), (total) => {
        if (total > 5000) throw new Error('too large');
      }),
    );
    await expect(run).rejects.toThrow('too large');
  });

  it('reads one string property out of a JSON answer split anywhere', async () => {
    const json = Buffer.from(
      JSON.stringify({ '@odata.etag': 'W/"4"', annotationid: 'a', documentbody: bytes.toString('base64'), filename: 'x.bin' }).replace(/\//g, '\\/'),
    );
    for (const size of [1, 13, 4096]) {
      const decoded = Buffer.concat(await collect(decodeBase64Stream(jsonStringProperty(chunked(json, size), 'documentbody'))));
      expect(decoded).toEqual(bytes);
    }
    expect(await collect(jsonStringProperty(chunked(Buffer.from('{"documentbody":null}'), 4), 'documentbody'))).toEqual([]);
  });

  it('slices a byte range across chunks', async () => {
    expect(Buffer.concat(await collect(sliceBytes(chunked(bytes, 100), 250, 1_249)))).toEqual(bytes.subarray(250, 1_250));
  });
});
