export * from './open-sqlite-database-options';
export * from './sqlite-open-error';
export * from './open-sqlite-database';
