export * from './filter-operator';
export * from './filter-node';
export * from './evaluation-context';
