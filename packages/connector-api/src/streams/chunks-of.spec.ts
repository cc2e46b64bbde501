import { chunksOf, type UploadChunk } from './chunks-of';

async function all(chunks: AsyncIterable<UploadChunk>): Promise<{ start: number; bytes: number[]; last: boolean }[]> {
  const out: { start: number; bytes: number[]; last: boolean }[] = [];
  for await (const chunk of chunks) out.push({ start: chunk.start, bytes: [...chunk.bytes], last: chunk.last });
  return out;
}

async function* pieces(...parts: number[][]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Uint8Array.from(part);
}

describe('chunksOf', () => {
  it('cuts a Uint8Array into chunks of the size, the last one shorter and marked', async () => {
    expect(await all(chunksOf(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]), 3))).toEqual([
      { start: 0, bytes: [1, 2, 3], last: false },
      { start: 3, bytes: [4, 5, 6], last: false },
      { start: 6, bytes: [7], last: true },
    ]);
  });

  it('re-cuts an AsyncIterable of uneven pieces, and marks the last even when it is a full chunk', async () => {
    expect(await all(chunksOf(pieces([1], [2, 3, 4, 5], [], [6]), 3))).toEqual([
      { start: 0, bytes: [1, 2, 3], last: false },
      { start: 3, bytes: [4, 5, 6], last: true },
    ]);
    expect(await all(chunksOf(pieces([1, 2, 3, 4, 5, 6, 7]), 3))).toEqual([
      { start: 0, bytes: [1, 2, 3], last: false },
      { start: 3, bytes: [4, 5, 6], last: false },
      { start: 6, bytes: [7], last: true },
    ]);
  });

  it('yields nothing for an empty body', async () => {
    expect(await all(chunksOf(new Uint8Array(0), 3))).toEqual([]);
    expect(await all(chunksOf(pieces([], []), 3))).toEqual([]);
  });
});
