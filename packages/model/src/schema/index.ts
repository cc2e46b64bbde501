export * from './field-type';
export * from './field-schema';
export * from './entity-schema';
