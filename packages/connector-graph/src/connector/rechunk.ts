/**
 * Re-cuts a byte stream into chunks of exactly `size` bytes (the last may be shorter), holding at
 * most one chunk in memory. What an upload session needs: every fragment but the last a multiple of 320 KiB.
 */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncIterable<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of source) {
    let buffer = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (held + buffer.length >= size) {
      const take = size - held;
      parts.push(buffer.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      held = 0;
      buffer = buffer.subarray(take);
    }
    if (buffer.length > 0) {
      parts.push(Buffer.from(buffer));
      held += buffer.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts);
}
