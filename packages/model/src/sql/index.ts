export * from './sqlite-column-type';
export * from './encode-sql-value';
export * from './record-to-row';
export * from './row-to-fields';
