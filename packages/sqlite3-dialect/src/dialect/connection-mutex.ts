/** A first-come, first-served lock: SQLite has one connection, so every user of it queues here. */
export class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  /** Resolves when the caller holds the lock; callers are served in the order they asked. */
  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.#tail = previous.then(() => held);
    await previous;
    this.#release = release;
  }

  /** Lets the next waiter in. */
  unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}
