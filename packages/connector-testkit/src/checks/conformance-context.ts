import type { CrmConnector } from '@fieldsync/connector-api';
import type { ConformanceControl, ConformanceHarness, ConformanceUser } from '../conformance-harness';
import type { GatedCapability, ResolvedConformanceOptions } from '../conformance-options';

/** How a check is registered. */
export interface CheckOptions {
  /** The optional capability the check needs; without it the check is registered as skipped. */
  readonly requires?: GatedCapability;
  /** The check seeds a large set and gets a longer timeout. */
  readonly large?: boolean;
}

/** What every group of checks gets: the harness of the running check and a way to register checks. */
export interface ConformanceContext {
  readonly options: ResolvedConformanceOptions;
  /** The harness built for the running check. */
  harness(): ConformanceHarness;
  /** Shorthand for `harness().control`. */
  control(): ConformanceControl;
  /** Shorthand for `harness().connect(user)`. */
  connect(user: ConformanceUser): Promise<CrmConnector>;
  /** Registers one check (a jest `it`), or a skipped one naming the missing capability. */
  check(title: string, body: () => Promise<void>, options?: CheckOptions): void;
}
