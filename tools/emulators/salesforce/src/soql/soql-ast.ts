/** A field path in a query: `Name` is `['Name']`, `Parent.Name` is `['Parent', 'Name']`. */
export type SoqlPath = readonly string[];

/** A relative date literal such as `TODAY` or `LAST_N_DAYS:7`. */
export interface SoqlDateLiteral {
  readonly kind: 'dateLiteral';
  readonly name: string;
  readonly n?: number;
}

/** A literal value in a WHERE clause. */
export type SoqlValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  /** `2026-01-01`: a day, as ms at UTC midnight. */
  | { readonly kind: 'date'; readonly value: number; readonly text: string }
  /** `2026-01-01T10:00:00Z`: an instant in ms. */
  | { readonly kind: 'datetime'; readonly value: number; readonly text: string }
  | SoqlDateLiteral;

/** Comparison operators. */
export type SoqlOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A WHERE condition. */
export type SoqlCondition =
  | { readonly kind: 'and' | 'or'; readonly items: readonly SoqlCondition[] }
  | { readonly kind: 'not'; readonly item: SoqlCondition }
  | { readonly kind: 'compare'; readonly field: SoqlPath; readonly op: SoqlOperator; readonly value: SoqlValue }
  | { readonly kind: 'in'; readonly field: SoqlPath; readonly negated: boolean; readonly values: readonly SoqlValue[] }
  | { readonly kind: 'like'; readonly field: SoqlPath; readonly pattern: string };

/** One ORDER BY item. */
export interface SoqlOrder {
  readonly field: SoqlPath;
  readonly descending: boolean;
  /** Where nulls go; SOQL's default is first ascending, last descending. */
  readonly nullsLast: boolean;
}

/** A parsed SOQL query (the subset the emulator serves). */
export interface SoqlQuery {
  /** Selected fields; empty for `SELECT COUNT()`. */
  readonly fields: readonly SoqlPath[];
  /** `SELECT COUNT()`: only `totalSize` is answered. */
  readonly count: boolean;
  /** The sObject name as written. */
  readonly from: string;
  readonly where?: SoqlCondition;
  readonly orderBy: readonly SoqlOrder[];
  readonly limit?: number;
  readonly offset?: number;
}
