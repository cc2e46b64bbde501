import type { FilterOperator } from './filter-operator';

/** A literal compared against a field: text, number or boolean (dates as ISO text). */
export type FilterLiteral = string | number | boolean;

/** One condition on a field of the filtered entity (or of the linked parent, inside a link node). */
export interface FilterCondition {
  readonly kind: 'condition';
  /** Field name on the entity the condition applies to. */
  readonly field: string;
  readonly operator: FilterOperator;
  /**
   * The operand: a literal for comparisons, a list for `in`/`not-in`, a whole number of days for the
   * `x-days` operators, absent for `null`, `not-null`, `eq-userid`, `eq-businessid`.
   */
  readonly value?: FilterLiteral | readonly FilterLiteral[];
}

/** An `and`/`or` group of nodes. An empty `and` matches everything; an empty `or` matches nothing. */
export interface FilterGroup {
  readonly kind: 'group';
  readonly type: 'and' | 'or';
  readonly children: readonly FilterNode[];
}

/**
 * A condition on the parent record reached through a lookup of the filtered entity
 * (FetchXML `link-entity`, one level): matches when the lookup is set and the parent matches `filter`.
 */
export interface FilterLink {
  readonly kind: 'link';
  /** Lookup field on the filtered entity, e.g. `parentcustomerid`. */
  readonly lookup: string;
  /** Entity of the parent, e.g. `account`. */
  readonly entity: string;
  /** Conditions on the parent's fields (no further links). */
  readonly filter: FilterNode;
}

/** A node of the sync filter AST. */
export type FilterNode = FilterCondition | FilterGroup | FilterLink;

/** A sync filter: the entity it selects from and the condition a record must meet. */
export interface SyncFilter {
  readonly entity: string;
  /** Absent: every record the user may read. */
  readonly where?: FilterNode;
}
