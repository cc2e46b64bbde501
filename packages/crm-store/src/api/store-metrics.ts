/** What the store counted since the last reset. */
export interface StoreMetrics {
  /** Records sent by reads (full, changes, sharing gains); shows that filters ran in SQL. */
  readonly recordsSent: number;
  /** Read calls. */
  readonly reads: number;
  /** Write operations applied or answered. */
  readonly writes: number;
}

/** API calls a user made in the current window against their limit. */
export interface StoreApiUsage {
  readonly used: number;
  readonly limit: number;
  readonly windowMs: number;
}
