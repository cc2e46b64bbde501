/** How {@link openBridgeStore} opens a store. */
export interface OpenBridgeStoreOptions {
  /**
   * Where the state lives: a file path, `sqlite:<path>`, `:memory:` (SQLite), or a
   * `postgres://` / `postgresql://` URL (PostgreSQL).
   * @example 'sqlite:/var/lib/fieldsync/bridge.db'
   * @example 'postgres://bridge:secret@db.internal:5432/bridge'
   */
  readonly url: string;
  /**
   * The time source for stamps the store makes by itself. Every method of this version takes its
   * time (`now`) from the caller, so the store reads no clock yet.
   * @default () => new Date()
   */
  readonly clock?: () => Date;
}
