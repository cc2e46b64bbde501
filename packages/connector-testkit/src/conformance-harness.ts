import type { CrmConnector } from '@fieldsync/connector-api';
import type { FieldValues } from '@fieldsync/model';

/** The users every conformance backend provides. alice and bob share business unit `north`; carol is in `south`. */
export type ConformanceUser = 'alice' | 'bob' | 'carol' | 'admin';

/**
 * A fault the backend injects into the calls that follow, to prove the connector copes.
 * - `rate-limit`: the next `times` calls answer 429 with `Retry-After: retryAfterMs`;
 * - `expire-session`: the current token stops working; with `refusals`, that many refreshes are refused too
 *   (`'always'`: every refresh), so the connector must give up rather than loop;
 * - `lose-response`: the next write call is applied but its answer is lost (the connector sees a transient error);
 * - `server-error`: the next `times` calls answer a 5xx;
 * - `expire-anchors`: change history older than now is forgotten (recycle bin emptied, token expired).
 */
export type ConformanceFault =
  | { readonly kind: 'rate-limit'; readonly retryAfterMs: number; readonly times?: number }
  | { readonly kind: 'expire-session'; readonly refusals?: number | 'always' }
  | { readonly kind: 'lose-response' }
  | { readonly kind: 'server-error'; readonly times?: number }
  | { readonly kind: 'expire-anchors' };

/** Backend-side figures the suite reads to check what really happened. */
export interface ConformanceCounters {
  /** Records the backend sent to connectors (read pages, counts excluded). Shows filters run on the backend. */
  readonly recordsSent: number;
  /** Session refreshes the backend received. */
  readonly sessionRefreshes: number;
  /** Calls the backend received, of any kind. */
  readonly calls: number;
  /**
   * The waits (ms) the connectors under test asked the backend's clock for (Retry-After, back-off), oldest
   * first: connectors wait on the clock the harness gives them (a `ConformanceClock`), never on the wall clock.
   */
  readonly waits: readonly number[];
}

/**
 * The control surface a backend hands the conformance suite: it acts on the backend directly,
 * as another user or as the system, never through the connector under test.
 *
 * The backend is provisioned with {@link conformanceSchema}; ids are whatever the backend makes.
 * Every change made here gets a new record version, visible to the next incremental read.
 */
export interface ConformanceControl {
  /** Ids of the provisioned users. */
  readonly userIds: Readonly<Record<ConformanceUser, string>>;
  /** Inserts records owned by `owner` (default alice) in one go; answers their ids in order. */
  seed(entity: string, records: readonly FieldValues[], owner?: ConformanceUser): Promise<string[]>;
  /** Updates a record as `as` (default admin), bumping its version. */
  update(entity: string, id: string, fields: FieldValues, as?: ConformanceUser): Promise<void>;
  /** Deletes a record as `as` (default admin). */
  remove(entity: string, id: string, as?: ConformanceUser): Promise<void>;
  /** Reads a record as the system, or undefined when absent or deleted. */
  get(entity: string, id: string): Promise<FieldValues | undefined>;
  /** Counts records of an entity on the backend, as the system. */
  countAll(entity: string): Promise<number>;
  /** Shares a record with a user (read access), without editing it. */
  share(entity: string, id: string, withUser: ConformanceUser): Promise<void>;
  /** Takes back a share. */
  unshare(entity: string, id: string, fromUser: ConformanceUser): Promise<void>;
  /** Gives a record another owner, without editing its fields. */
  reassign(entity: string, id: string, toUser: ConformanceUser): Promise<void>;
  /** Moves the backend's clock forward. */
  advanceClock(ms: number): Promise<void>;
  /** Injects a fault into the calls that follow. */
  injectFault(fault: ConformanceFault): Promise<void>;
  /** The backend's figures since the last reset. */
  counters(): Promise<ConformanceCounters>;
  /** Zeroes the counters. */
  resetCounters(): Promise<void>;
}

/**
 * What one backend's setup returns for one test: a way to connect as each user, and the control surface.
 *
 * Every backend provisions the same world before handing the harness over:
 * - the entities of {@link conformanceSchema} (account, contact, annotation, and customeraddress: a child
 *   without an owner, controlled by its account), empty;
 * - business units `north` and `south` under one organization;
 * - users `alice` and `bob` in `north`, `carol` in `south`, `admin` (any unit);
 * - roles: alice and carol have user-depth create/read/write/delete/append/appendTo on every conformance
 *   entity; bob has business-unit-depth read on them (nothing else); admin has organization depth
 *   on every privilege of every entity;
 * - faults of every {@link ConformanceFault} kind, injectable through {@link ConformanceControl.injectFault};
 * - one `ConformanceClock` for the backend and the connectors, whose waits {@link ConformanceCounters.waits} reports.
 */
export interface ConformanceHarness {
  /** A signed-in connector for the user (a new one on each call). */
  connect(user: ConformanceUser): Promise<CrmConnector>;
  /** A connector for the user configured with a wrong password, not signed in: its `signIn` must throw `AuthFailedError`. */
  connectWithInvalidCredentials(user: ConformanceUser): Promise<CrmConnector>;
  readonly control: ConformanceControl;
  /** Closes connectors and servers and removes files. */
  teardown(): Promise<void>;
}

/** Builds a fresh backend for one test (or one group of tests). */
export type ConformanceSetup = () => Promise<ConformanceHarness>;
