export * from './sqlite3-database';
export * from './sqlite3-dialect-config';
export * from './sqlite3-dialect';
export * from './sqlite3-driver';
export * from './sqlite3-connection';
export * from './sqlite-query-error';
