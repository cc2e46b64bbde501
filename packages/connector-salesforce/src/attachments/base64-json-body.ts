import { AttachmentTooLargeError } from '@fieldsync/connector-api';

/** What {@link base64JsonBody} counted once the stream has ended. */
export interface BodyCount {
  bytes: number;
}

/** Base64 of whole 3-byte groups only, so chunks can be joined; the rest is carried to the next chunk. */
function* encodeAligned(carry: Uint8Array, chunk: Uint8Array): Generator<string, Uint8Array> {
  const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
  const whole = joined.length - (joined.length % 3);
  if (whole > 0) yield Buffer.from(joined.buffer, joined.byteOffset, whole).toString('base64');
  return joined.subarray(whole);
}

async function* jsonParts(
  fields: Readonly<Record<string, string>>,
  bodyField: string,
  body: Uint8Array | AsyncIterable<Uint8Array>,
  limit: number,
  id: string,
  count: BodyCount,
): AsyncGenerator<string> {
  const head = JSON.stringify({ ...fields, [bodyField]: '' });
  yield head.slice(0, -2);
  let carry: Uint8Array = new Uint8Array(0);
  const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = body instanceof Uint8Array ? [body] : body;
  for await (const chunk of chunks) {
    count.bytes += chunk.length;
    if (count.bytes > limit) throw new AttachmentTooLargeError(id, count.bytes, limit);
    const encoder = encodeAligned(carry, chunk);
    for (let step = encoder.next(); ; step = encoder.next()) {
      if (step.done) {
        carry = step.value;
        break;
      }
      yield step.value;
    }
  }
  if (carry.length > 0) yield Buffer.from(carry).toString('base64');
  yield '"}';
}

/**
 * A JSON record body whose `bodyField` is the base64 of `body`, made as the request is sent: the file
 * is never held whole, neither as bytes nor as text. Past `limit` bytes the stream fails with
 * `AttachmentTooLargeError` (the request breaks off, so the server stores nothing); `count` holds the
 * bytes read.
 */
export function base64JsonBody(
  fields: Readonly<Record<string, string>>,
  bodyField: string,
  body: Uint8Array | AsyncIterable<Uint8Array>,
  limit: number,
  id: string,
  count: BodyCount,
): ReadableStream<Uint8Array> {
  const parts = jsonParts(fields, bodyField, body, limit, id, count);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await parts.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
}
