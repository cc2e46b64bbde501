/** Codes of a write to a stream whose reader has gone (`| head`), or of a write after that. */
const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * A writer to `stream` (standard output or error) that goes quiet once the stream's reader has gone,
 * as in `fieldsync … | head`: the EPIPE that Node reports as an `error` event (a crash with a stack
 * trace when nobody listens) is absorbed and later text is dropped, so the command finishes its work
 * and exits with its own code. Other writers of the stream (a progress bar, the bridge's log) are
 * covered too, since the listener is on the stream. Any other error of the stream is thrown as before.
 * @example const out = writerUntilClosed(process.stdout); out('a line\n');
 */
export function writerUntilClosed(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!CLOSED.has(error.code ?? '')) throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
