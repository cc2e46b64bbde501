import type { FieldValues } from './field-value';

/** One record of one entity, as it travels between the CRM, the bridge and a device. */
export interface CrmRecord {
  /** Logical name of the entity. */
  readonly entity: string;
  /** Primary key (also present in `fields` under the entity's primary key name). */
  readonly id: string;
  /**
   * The server's version of this record (a row version or ETag), opaque to the client;
   * sent back as the base version of an update so the server can detect a conflict.
   */
  readonly version?: string;
  /** Field values by field name; a field absent here was not selected. */
  readonly fields: FieldValues;
}
