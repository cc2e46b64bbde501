export * from './salesforce-client';
export * from './salesforce-connector';
export * from './create-salesforce-connector';
