/**
 * Runs `one` over `items`, at most `width` at a time, in order; stops taking new items once `signal`
 * is aborted (those in flight finish). `one` handles its own failures. Used by the attachment step and
 * the document queue.
 */
export async function runDownloadPool<T>(items: readonly T[], width: number, one: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let item = items[next]; item !== undefined && !signal?.aborted; item = items[next]) {
      next += 1;
      await one(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, worker));
}
