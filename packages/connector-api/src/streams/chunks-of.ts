/** One chunk of an upload: its bytes, where they start in the file, and whether it is the last. */
export interface UploadChunk {
  readonly start: number;
  readonly bytes: Uint8Array;
  readonly last: boolean;
}

/**
 * Cuts a body into chunks of `size` bytes (the last may be shorter), holding at most two chunks of an
 * AsyncIterable (one ahead, to know which is the last). An empty body yields nothing.
 * @example for await (const chunk of chunksOf(upload.body, 1024 * 1024)) await send(chunk);
 */
export async function* chunksOf(body: Uint8Array | AsyncIterable<Uint8Array>, size: number): AsyncIterable<UploadChunk> {
  if (body instanceof Uint8Array) {
    for (let start = 0; start < body.length; start += size)
      yield { start, bytes: body.subarray(start, Math.min(start + size, body.length)), last: start + size >= body.length };
    return;
  }
  let pending: Uint8Array | undefined;
  let start = 0;
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const piece of body) {
    let at = 0;
    while (at < piece.length) {
      const taken = Math.min(size - filled, piece.length - at);
      buffer.set(piece.subarray(at, at + taken), filled);
      filled += taken;
      at += taken;
      if (filled === size) {
        if (pending) {
          yield { start, bytes: pending, last: false };
          start += pending.length;
        }
        pending = buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  const tail = filled > 0 ? buffer.subarray(0, filled) : undefined;
  if (pending) {
    yield { start, bytes: pending, last: tail === undefined };
    start += pending.length;
  }
  if (tail) yield { start, bytes: tail, last: true };
}
