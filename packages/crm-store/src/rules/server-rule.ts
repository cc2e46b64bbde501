import type { FieldValues, Schema } from '@fieldsync/model';

/** What a rule may do to the store inside the write's transaction. */
export interface RuleContext {
  /** The record's current fields, or undefined when absent or deleted. */
  get(entity: string, id: string): Promise<FieldValues | undefined>;
  /** Rows of `entity` whose lookup `field` points at `id`. */
  children(entity: string, field: string, id: string): Promise<FieldValues[]>;
  /** Sets fields of a record as the system, stamping a new version and modifiedon. */
  update(entity: string, id: string, fields: FieldValues): Promise<void>;
}

/** A record a rule must recompute after a write. */
export interface RuleTarget {
  readonly entity: string;
  readonly id: string;
}

/**
 * Logic a CRM runs on the server when records are written (plugins, triggers), e.g. totals of a
 * quote from its lines. Rules run in the write's transaction, so their effects commit or roll back with it.
 */
export interface ServerRule {
  readonly name: string;
  /** True when the schema has what the rule needs; otherwise it never runs. */
  appliesTo(schema: Schema): boolean;
  /** Fields computed from a row about to be saved (all of its fields); merged into the row. */
  computeFields?(entity: string, row: FieldValues): FieldValues;
  /** Records to recompute because this row was saved or deleted (`before`/`after` undefined on create/delete). */
  affected?(entity: string, before: FieldValues | undefined, after: FieldValues | undefined): RuleTarget[];
  /** Recomputes one affected record. */
  recompute?(context: RuleContext, target: RuleTarget): Promise<void>;
}
