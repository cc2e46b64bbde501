/** A literal of an OData `$filter`. `date` is `YYYY-MM-DD`; `datetime` is normalised ISO-8601 UTC. */
export type ODataLiteral =
  | { readonly kind: 'literal'; readonly type: 'string'; readonly value: string }
  | { readonly kind: 'literal'; readonly type: 'number'; readonly value: number }
  | { readonly kind: 'literal'; readonly type: 'bool'; readonly value: boolean }
  | { readonly kind: 'literal'; readonly type: 'guid'; readonly value: string }
  | { readonly kind: 'literal'; readonly type: 'date'; readonly value: string }
  | { readonly kind: 'literal'; readonly type: 'datetime'; readonly value: string }
  | { readonly kind: 'literal'; readonly type: 'null' };

/** A property path: `name`, `_parentcustomerid_value`, or `parentcustomerid_account/name` (one navigation). */
export interface ODataProperty {
  readonly kind: 'property';
  readonly segments: readonly string[];
  /** 0-based offset in the filter text. */
  readonly position: number;
}

/** Comparison operators of `$filter`. */
export type ODataComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** `property op literal` (a literal on the left is turned around by the parser). */
export interface ODataComparison {
  readonly kind: 'compare';
  readonly operator: ODataComparisonOperator;
  readonly property: ODataProperty;
  readonly value: ODataLiteral;
}

/** `contains(p,'x')`, `startswith(p,'x')`, `endswith(p,'x')`. */
export interface ODataStringFunction {
  readonly kind: 'stringFunction';
  readonly name: 'contains' | 'startswith' | 'endswith';
  readonly property: ODataProperty;
  readonly value: string;
}

/** `Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)` and its kin. */
export interface ODataQueryFunction {
  readonly kind: 'queryFunction';
  /** The name after `Microsoft.Dynamics.CRM.`, e.g. `LastXDays`. */
  readonly name: string;
  readonly arguments: Readonly<Record<string, ODataLiteral | readonly ODataLiteral[]>>;
  readonly position: number;
}

/** A node of a parsed `$filter`. */
export type ODataFilter =
  | ODataComparison
  | ODataStringFunction
  | ODataQueryFunction
  | { readonly kind: 'and' | 'or'; readonly left: ODataFilter; readonly right: ODataFilter }
  | { readonly kind: 'not'; readonly operand: ODataFilter }
  | { readonly kind: 'constant'; readonly value: boolean };
