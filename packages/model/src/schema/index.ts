export * from './field-type';
export * from './field-schema';
export * from './entity-schema';
export * from './schema-lookup';
export * from './column-names';
