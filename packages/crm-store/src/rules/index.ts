export * from './server-rule';
export * from './quote-totals-rule';
