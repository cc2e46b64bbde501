export * from './fieldsync-error';
export * from './validation-issue';
export * from './validation-error';
export * from './invalid-filter-error';
export * from './unknown-entity-error';
export * from './unknown-field-error';
export * from './filter-too-deep-error';
