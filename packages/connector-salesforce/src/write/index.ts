export * from './salesforce-writer';
