import type { CrmRecord } from '../record/crm-record';

/** A source of the current time; tests and the embedded CRM pass a controllable one. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The clock of the machine. */
export const systemClock: Clock = { now: () => Date.now() };

/** What evaluating or compiling a filter needs besides the filter: who asks, and when. */
export interface FilterContext {
  readonly clock: Clock;
  /** Id of the current user (`eq-userid`). */
  readonly userId: string;
  /** Id of the current user's business unit (`eq-businessid`). */
  readonly businessUnitId: string;
}

/** Finds a parent record for a link condition in the JS evaluator; undefined when not present. */
export type ParentResolver = (entity: string, id: string) => CrmRecord | undefined;
