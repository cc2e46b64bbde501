import type { FieldType } from './field-type';

/** One option of a picklist, state or status field. */
export interface OptionValue {
  readonly value: number;
  readonly label: string;
  /** For a `status` option: the `state` value it belongs to. */
  readonly state?: number;
}

/** A field of an entity. */
export interface FieldSchema {
  /** Logical name, lower case, e.g. `parentcustomerid`. Also the column name. */
  readonly name: string;
  readonly type: FieldType;
  /** Display label. */
  readonly label?: string;
  /** A value is required on create. @default false */
  readonly required?: boolean;
  /** Maximum length of `string`/`memo` text. */
  readonly maxLength?: number;
  /** Digits after the decimal point for `decimal`/`money`. @default 2 */
  readonly precision?: number;
  /** Entities a `lookup` may point to (one or more); `owner` implies `systemuser` and `team`. */
  readonly targets?: readonly string[];
  /**
   * The lookup points at this record's parent (a quote detail's quote): the parent is uploaded
   * and downloaded before the child, and the child goes with its parent.
   */
  readonly parent?: boolean;
  /** Allowed values of a `picklist`/`state`/`status` field. */
  readonly options?: readonly OptionValue[];
  /** Computed by the server; a client may not write it. @default false */
  readonly readOnly?: boolean;
}
