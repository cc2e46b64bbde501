export * from './salesforce-connector-config';
