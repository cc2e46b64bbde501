/** The part of a `MessageChannel` used to queue a task where `setImmediate` is missing. */
interface TaskChannel {
  readonly port1: { onmessage: (() => void) | null; close(): void };
  readonly port2: { postMessage(message: unknown): void };
}

/**
 * Resolves on a later turn of the event loop, after the I/O and timers waiting now, so that a long
 * download or a waiting writer lets other work run. Node and React Native have `setImmediate`;
 * browsers get a `MessageChannel` task, which (unlike `setTimeout(0)`) is not clamped to 4 ms.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => void immediate(resolve));
  return new Promise((resolve) => {
    const { port1, port2 } = new (globalThis as unknown as { MessageChannel: new () => TaskChannel }).MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}
