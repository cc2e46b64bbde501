export * from './entity-reference';
export * from './field-value';
export * from './crm-record';
