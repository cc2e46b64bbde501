export * from './parse-retry-after';
