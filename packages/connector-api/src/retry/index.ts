export * from './connector-call-policy';
export * from './failure-classifier';
export * from './retry-limits';
