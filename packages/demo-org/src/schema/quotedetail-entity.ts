import type { EntitySchema } from '@fieldsync/model';
import { AUDIT_FIELDS, primaryKeyField } from './common-fields';

/** A line of a quote; the server computes `extendedamount` and rolls it up into the quote's totals. */
export const quotedetailEntity: EntitySchema = {
  name: 'quotedetail',
  label: 'Quote Product',
  primaryKey: 'quotedetailid',
  primaryName: 'productdescription',
  kind: 'child',
  fields: [
    primaryKeyField('quotedetailid'),
    { name: 'quoteid', type: 'lookup', label: 'Quote', targets: ['quote'], parent: true, required: true },
    { name: 'productdescription', type: 'string', label: 'Product', maxLength: 500 },
    { name: 'quantity', type: 'decimal', label: 'Quantity', precision: 2 },
    { name: 'priceperunit', type: 'money', label: 'Price Per Unit', precision: 2 },
    { name: 'manualdiscountamount', type: 'money', label: 'Manual Discount', precision: 2 },
    { name: 'extendedamount', type: 'money', label: 'Extended Amount', precision: 2, readOnly: true },
    ...AUDIT_FIELDS,
  ],
};
