import type { BridgeSettings } from './bridge-settings';

/**
 * The bridge's settings kept for a short time, so the hot paths (every page read, every sign-in) do
 * not query the state for them. `updateSettings` clears it in this process; other processes of a
 * multi-process bridge see a change within `ttlMs`. A failed load is not kept.
 */
export class SettingsCache {
  #cached: { readonly value: Promise<BridgeSettings>; readonly at: number } | undefined;

  /**
   * @param load reads the settings from the state
   * @param ttlMs how long a read is kept
   * @param now the monotonic clock the age is measured with
   */
  constructor(
    private readonly load: () => Promise<BridgeSettings>,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The settings, read again when older than the TTL. */
  get(): Promise<BridgeSettings> {
    const cached = this.#cached;
    if (cached && this.now() - cached.at < this.ttlMs) return cached.value;
    const value = this.load();
    const entry = { value, at: this.now() };
    this.#cached = entry;
    value.catch(() => {
      if (this.#cached === entry) this.#cached = undefined;
    });
    return value;
  }

  /** Forgets the kept settings: the next {@link get} reads them. */
  invalidate(): void {
    this.#cached = undefined;
  }
}
