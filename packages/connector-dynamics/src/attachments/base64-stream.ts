/**
 * Encodes a byte stream as base64 text chunks without holding it whole: each chunk's bytes up to a
 * multiple of three are encoded at once, the rest carried to the next. `onBytes` sees the running
 * byte count (and may throw to stop, e.g. past a size limit).
 */
export async function* encodeBase64Stream(body: AsyncIterable<Uint8Array> | Uint8Array, onBytes?: (total: number) => void): AsyncIterable<string> {
  let carry = Buffer.alloc(0);
  let total = 0;
  const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = body instanceof Uint8Array ? [body] : body;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    onBytes?.(total);
    const bytes = carry.length === 0 ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
    const whole = bytes.length - (bytes.length % 3);
    if (whole > 0) yield bytes.subarray(0, whole).toString('base64');
    carry = Buffer.from(bytes.subarray(whole));
  }
  if (carry.length > 0) yield carry.toString('base64');
}

/**
 * Decodes base64 text arriving in chunks of any length into bytes as it comes (groups of four
 * characters at a time, the rest carried). Whitespace and JSON's `\/` escapes are skipped.
 */
export async function* decodeBase64Stream(text: AsyncIterable<string>): AsyncIterable<Uint8Array> {
  let carry = '';
  for await (const piece of text) {
    const clean = carry + piece.replace(/[\s\\]/g, '');
    const whole = clean.length - (clean.length % 4);
    if (whole > 0) yield Buffer.from(clean.slice(0, whole), 'base64');
    carry = clean.slice(whole);
  }
  if (carry.length > 0) yield Buffer.from(carry, 'base64');
}

/**
 * The text of one JSON string property (`"documentbody":"…"`) of a JSON answer arriving as a byte
 * stream, handed on in chunks as it arrives, without parsing or holding the whole answer. Meant for
 * base64 values, which contain no escapes but `\/`. Ends when the property's closing quote arrives;
 * yields nothing when the property is absent or null.
 */
export async function* jsonStringProperty(body: AsyncIterable<Uint8Array>, property: string): AsyncIterable<string> {
  const opener = new RegExp(`"${property}"\\s*:\\s*"`);
  let before = '';
  let inside = false;
  for await (const chunk of body) {
    let text = Buffer.from(chunk).toString('latin1');
    if (!inside) {
      before += text;
      const match = opener.exec(before);
      if (!match) {
        // Keep a tail long enough to hold a split opener.
        before = before.slice(-(property.length + 16));
        continue;
      }
      inside = true;
      text = before.slice(match.index + match[0].length);
      before = '';
    }
    const end = text.indexOf('"');
    if (end >= 0) {
      if (end > 0) yield text.slice(0, end);
      return;
    }
    if (text.length > 0) yield text;
  }
}

/** Passes on only bytes `start` to `end` (inclusive) of a byte stream. */
export async function* sliceBytes(body: AsyncIterable<Uint8Array>, start: number, end: number): AsyncIterable<Uint8Array> {
  let offset = 0;
  for await (const chunk of body) {
    const from = Math.max(0, start - offset);
    const to = Math.min(chunk.byteLength, end + 1 - offset);
    if (to > from) yield chunk.subarray(from, to);
    offset += chunk.byteLength;
    if (offset > end) return;
  }
}
