export * from './entity-reference';
export * from './field-value';
export * from './crm-record';
export * from './canonical-date-time';
export * from './validate-field-values';
export * from './normalize-field-values';
export * from './record-id-format';
