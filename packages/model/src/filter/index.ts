export * from './filter-operator';
export * from './filter-node';
export * from './evaluation-context';
export * from './evaluate/evaluate-filter';
export * from './compile/compile-filter-to-sql';
export * from './fetchxml/parse-fetch-xml';
export * from './fetchxml/to-fetch-xml';
