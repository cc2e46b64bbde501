export * from './field-type';
export * from './field-schema';
export * from './entity-schema';
export * from './schema-lookup';
export * from './column-names';
export * from './validate-schema';
export * from './order-parents-first';
export * from './parental-control';
