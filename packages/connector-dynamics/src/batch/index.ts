export * from './batch-request';
export * from './write-batch-body';
export * from './parse-batch-answer';
