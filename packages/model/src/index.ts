/**
 * @fieldsync/model: the vocabulary every Fieldsync part shares: entity schema, records, anchors,
 * sync filters, the customization document and typed errors.
 */
export * from './errors';
export * from './schema';
export * from './record';
export * from './anchor';
export * from './filter';
export * from './clock';
export * from './sql';
export * from './customization';
